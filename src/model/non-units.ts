/**
 * Files with a unit's name that are not systemd units, recognised by their content (repository
 * mode: a repository's `*.service` is not always a unit):
 *   - Avahi service definitions: XML with a `<service-group>` element (avahi-daemon reads them
 *     from /etc/avahi/services/*.service; avahi.service(5));
 *   - D-Bus activation files: a `[D-BUS Service]` group (dbus-daemon reads them from
 *     /usr/share/dbus-1/system-services/*.service; "Message Bus Starting Services" in the D-Bus
 *     specification);
 *   - any other XML document.
 * Only the start of the file is examined (a few kilobytes), so this costs nothing per line.
 */

export interface NonUnit {
  /** "Avahi service definition", … */
  what: string;
  why: string;
  help: string;
  /** 1-based line of the telltale. */
  line: number;
}

const HEAD = 4096;

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 0x0a) n++;
  return n;
}

/** What the file is when it is not a unit, else null. */
export function recogniseNonUnit(bytes: Uint8Array): NonUnit | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD));
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < buf.length && (buf[i] === 0x20 || (buf[i]! >= 0x09 && buf[i]! <= 0x0d))) i++;
  // Most files are units: decide from the bytes, without decoding, that there is nothing to see.
  if (buf[i] !== 0x3c && buf.indexOf("[D-BUS Service]") < 0) return null;
  const head = buf.toString("latin1");
  if (head[i] === "<") {
    const group = head.search(/<service-group[\s>]/);
    if (group >= 0) {
      return {
        what: "Avahi service definition",
        why: "it is XML with a <service-group> element, the format of avahi-daemon's service files (/etc/avahi/services)",
        help: "check it with avahi-daemon (it is read from /etc/avahi/services); leave it out of the paths given to astlint or ignore it in .astlintrc.json",
        line: lineOf(head, group),
      };
    }
    return {
      what: "XML document",
      why: "it starts with an XML tag; systemd unit files are Key=value lines under [Section] headers",
      help: "leave it out of the paths given to astlint or ignore it in .astlintrc.json",
      line: lineOf(head, i),
    };
  }
  // The first line that is not blank or a comment.
  const m = /^[ \t]*\[D-BUS Service\][ \t]*\r?$/m.exec(head);
  if (m) {
    const before = head.slice(0, m.index);
    const onlyComments = before.split("\n").every((l) => /^[ \t]*([#;].*)?\r?$/.test(l));
    if (onlyComments) {
      return {
        what: "D-Bus service activation file",
        why: "its first group is [D-BUS Service], the format dbus-daemon reads from /usr/share/dbus-1/system-services",
        help: "to let D-Bus start a systemd unit, name the unit with SystemdService= in this file; leave it out of the paths given to astlint or ignore it in .astlintrc.json",
        line: lineOf(head, m.index),
      };
    }
  }
  return null;
}
