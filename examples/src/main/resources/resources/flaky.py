# Passes each id on, anchored to its input, and acks it; but fails every 7th id the first time it
# sees it, so its spout must replay it. Its ids come on a fields grouping: a replay returns here.
import storm


class FlakyBolt(storm.Bolt):
    def initialize(self, conf, context):
        self.failed_once = set()

    def process(self, tup):
        n = tup.values[0]
        if n % 7 == 0 and n not in self.failed_once:
            self.failed_once.add(n)
            storm.fail(tup)
            return
        storm.emit([n], anchors=[tup])
        storm.ack(tup)


if __name__ == "__main__":
    FlakyBolt().run()
