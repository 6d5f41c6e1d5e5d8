# Acks every id, except that it stops answering for good on id <hang-at> (the second argument) the
# first time any incarnation of it sees that id: it writes "<its pid> <its parent's pid> <its working
# directory>" to <marker-dir>/hung-pid (the first argument) and sleeps. ShellBolt's heartbeat must
# notice, and its task must be restarted.
import os
import sys
import time

import storm


class HangOnceBolt(storm.BasicBolt):
    def initialize(self, conf, context):
        self.marker = os.path.join(sys.argv[1], "hung-pid")
        self.hang_at = int(sys.argv[2])

    def process(self, tup):
        if tup.values[0] == self.hang_at and self.first_to_hang():
            while True:
                time.sleep(3600)

    def first_to_hang(self):
        os.makedirs(os.path.dirname(self.marker), exist_ok=True)
        tmp = "%s.%d.tmp" % (self.marker, os.getpid())
        with open(tmp, "w") as f:
            f.write("%d %d %s" % (os.getpid(), os.getppid(), os.getcwd()))
        try:
            # a link, not a rename: only the first incarnation may create the marker, and whole
            os.link(tmp, self.marker)
            return True
        except FileExistsError:
            return False
        finally:
            os.remove(tmp)


if __name__ == "__main__":
    HangOnceBolt().run()
