// A hostile tree laid out as a filesystem root, for the tests that compare two ways of running
// astlint (test:sea, test:node18): binary and invalid UTF-8 content, NULs, a BOM, CR-only lines,
// a 2 MiB line, terminal escapes in values, a FIFO, a UNIX socket (listening on `server`),
// dangling links, a link loop, a directory cycle, an Asterisk include cycle.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export async function writeHostileTree(hostile, server) {
  const SD = "etc/systemd/system";
  const write = (rel, data) => {
    fs.mkdirSync(path.dirname(path.join(hostile, rel)), { recursive: true });
    fs.writeFileSync(path.join(hostile, rel), data);
  };
  let seed = 0x5eed;
  const random = Buffer.alloc(4096).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0), seed >>> 24));
  write(`${SD}/binary.service`, random);
  write(`${SD}/nul.service`, "[Service]\nExecStart=/usr/bin/true\0garbage\n\0\0\n");
  write(`${SD}/badutf8.service`, Buffer.concat([Buffer.from("[Service]\nExecStart=/usr/bin/echo "), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("\n")]));
  write(`${SD}/bom.service`, "\uFEFF[Unit]\nDescription=bom\n\uFEFF[Service]\nExecStart=/usr/bin/true\n");
  write(`${SD}/cr.service`, "[Unit]\rDescription=cr only\r[Service]\rExecStart=/usr/bin/true\r");
  write(`${SD}/escape.service`, "[Unit]\nDescription=\u001b[31mred\u001b[0m \u0007bell\n[Service]\nExecStart=/usr/bin/true\nBogus\u001b]0;title\u0007=1\n");
  write(`${SD}/longline.service`, "[Service]\nExecStart=/usr/bin/echo " + "A".repeat(2 * 1024 * 1024) + "\n");
  write(`${SD}/orphan.socket`, "[Socket]\nListenStream=127.0.0.1:7001\nService=nothere.service\n");
  write(`${SD}/asterisk.service`, "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\nExecStop=/usr/sbin/asterisk -rx 'core stop now'\nWatchdogSec=30\n");
  write(`${SD}/asterisk-cli.socket`, "[Socket]\nService=asterisk.service\nListenStream=/var/run/asterisk/asterisk.ctl\n");
  execFileSync("mkfifo", [path.join(hostile, SD, "fifo.service")]);
  await new Promise((resolve) => server.listen(path.join(hostile, SD, "sock.service"), resolve));
  fs.symlinkSync("/nonexistent/dangling.service", path.join(hostile, SD, "dangling.service"));
  fs.symlinkSync("b.service", path.join(hostile, SD, "a.service"));
  fs.symlinkSync("a.service", path.join(hostile, SD, "b.service"));
  fs.symlinkSync("..", path.join(hostile, SD, "loop"));
  write("etc/asterisk/asterisk.conf", "[directories]\nastetcdir => /etc/asterisk\n#include cycle-a.conf\n");
  write("etc/asterisk/cycle-a.conf", "; a\n#include cycle-b.conf\n");
  write("etc/asterisk/cycle-b.conf", "; b\n#include cycle-a.conf\n");
  write("etc/asterisk/manager.conf", "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n[admin]\nsecret = \u001b[2Jx\n--;\n");

}
