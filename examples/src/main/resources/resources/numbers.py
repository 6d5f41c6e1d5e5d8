# A reliable spout: emits the ids 1..N (N: the first argument) once each, with the id as message id,
# and emits an id again when Storm says it failed (a fail or a timeout).
import sys

import storm


class NumberSpout(storm.Spout):
    def initialize(self, conf, context):
        self.limit = int(sys.argv[1])
        self.next_id = 1
        self.replay = []

    def nextTuple(self):
        if self.replay:
            n = self.replay.pop()
        elif self.next_id <= self.limit:
            n = self.next_id
            self.next_id += 1
        else:
            return
        storm.emit([n], id=n)

    def fail(self, id):
        self.replay.append(id)


if __name__ == "__main__":
    NumberSpout().run()
