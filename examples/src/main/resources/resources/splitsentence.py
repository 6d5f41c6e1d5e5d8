# The split bolt of PythonWordCountTopology: one tuple per word of each sentence. storm.BasicBolt
# anchors what process() emits to the input and acks the input when process() returns.
import storm


class SplitSentence(storm.BasicBolt):
    def process(self, tup):
        sentence = tup.values[0]
        for word in sentence.split(" "):
            storm.emit([word])


if __name__ == "__main__":
    SplitSentence().run()
