#!/usr/bin/env bash
# Makes the rpm databases test/model/rpmdb/*.gz that test/model/rpmdb.test.ts reads: real
# databases written by rpm, not hand-made bytes, so the Asterisk version detection
# (src/model/rpmdb.ts) is checked against the format rpm really writes.
#
# Needs (Debian 12): apt-get install rpm sqlite3 db5.3-util
#   rpm 4.18.0 (rpmbuild, rpm --dbpath --justdb); Debian's rpm writes only the sqlite backend
#   (RHEL 9 / Fedora 33+ default, rpmdb.sqlite); ndb (SUSE, Packages.db) is not compiled in and
#   BerkeleyDB only as the read-only bdb_ro backend. The BerkeleyDB `Packages` file (RHEL 7/8) is
#   therefore written with Berkeley DB 5.3's db5.3_load (the library RHEL 7/8's rpm links) in the
#   layout rpm's bdb backend uses (hash database, key = the header number as a native-endian
#   uint32, value = the header blob), from the blobs rpm wrote into the sqlite database, and then
#   read back with rpm's own bdb_ro backend (`rpm -qa`) as a check.
#
# Usage: scripts/make-rpmdb-fixtures.sh [OUTDIR]   (default test/model/rpmdb)
set -euo pipefail
out=$(realpath -m "${1:-$(dirname "$0")/../test/model/rpmdb}")
for t in rpm rpmbuild sqlite3 db5.3_load gzip; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }; done
rpm --version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/top/SPECS" "$out"

# One noarch package per NAME-VERSION-RELEASE; FILES > 0 adds that many files so the header
# (about 40 bytes a file) outgrows a database page as real Asterisk headers do (overflow pages).
cat >"$work/top/SPECS/p.spec" <<'EOF'
Name: %{pname}
Version: %{pver}
Release: %{prel}
Summary: astlint test package %{pname}
License: MIT
BuildArch: noarch
%description
A package header for astlint's rpm database tests; it installs nothing.
%install
mkdir -p %{buildroot}/usr/share/%{pname}
for i in $(seq 1 %{pfiles}); do : > %{buildroot}/usr/share/%{pname}/file-$i.conf; done
%files
%if %{pfiles} > 0
/usr/share/%{pname}
%endif
EOF
build() { # NAME VERSION RELEASE FILES
  rpmbuild --quiet --define "_topdir $work/top" --define "pname $1" --define "pver $2" --define "prel $3" \
    --define "pfiles $4" -bb "$work/top/SPECS/p.spec" >/dev/null || exit 1
  echo "$work/top/RPMS/noarch/$1-$2-$3.noarch.rpm"
}
# Fedora/EPEL naming: asterisk, asterisk-devel, asterisk-sounds-core-en (sounds have their own 1.x versions).
ast20=$(build asterisk 20.11.1 1.el9 120)
ast22=$(build asterisk 22.5.2 1.el9 120)
devel=$(build asterisk-devel 22.5.2 1.el9 0)
sounds=$(build asterisk-sounds-core-en 1.6.1 1.el9 0)
# Sangoma/FreePBX naming: asteriskNN and asteriskNN-core (version = the Asterisk version).
sng=$(build asterisk22 22.5.2 1.sng7 0)
sngcore=$(build asterisk22-core 22.5.2 1.sng7 120)
sngsounds=$(build asterisk-core-sounds-en-gsm 1.6.1 1.sng7 0)
# Other packages of a host, so that the Packages table's b-tree has interior pages.
others=(); for i in $(seq 1 24); do others+=("$(build "other-package-$i" 1.0 1 0)"); done

# (Debian's rpm prints a warning about alien on every install: dropped.)
rpmq() { local o; o=$(rpm --dbpath "$1" --nodeps --justdb --noscripts "${@:2}" 2>&1) || { echo "$o" >&2; exit 1; }; }
mkdb() { # NAME: a fresh sqlite database in $work/NAME
  rm -rf "$work/$1"; mkdir -p "$work/$1"
  rpm --define '_db_backend sqlite' --dbpath "$work/$1" --initdb
}
save() { # NAME: checkpoint, list, compress
  sqlite3 "$work/$1/rpmdb.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  echo "== $1: $(rpm --dbpath "$work/$1" -qa | sort | tr '\n' ' ')"
  gzip -9n <"$work/$1/rpmdb.sqlite" >"$out/$1.rpmdb.sqlite.gz"
}

# 1. EPEL-style host: asterisk 22.5.2 beside asterisk-devel, a sounds package (1.6.1) and others.
mkdb sqlite-epel; rpmq "$work/sqlite-epel" -i "$ast22" "$devel" "$sounds" "${others[@]}"; save sqlite-epel
# 2. Upgraded host: asterisk 20.11.1 installed, then upgraded to 22.5.2 (rpm -U). The 20.11.1
#    header stays in the file's free space: only the live one may count.
mkdb sqlite-upgraded; rpmq "$work/sqlite-upgraded" -i "$ast20" "$sounds"; rpmq "$work/sqlite-upgraded" -U "$ast22"; save sqlite-upgraded
# 3. Asterisk erased (rpm -e): its header stays in free space; only the sounds package is installed.
mkdb sqlite-erased; rpmq "$work/sqlite-erased" -i "$ast22" "$sounds"; rpmq "$work/sqlite-erased" -e asterisk; save sqlite-erased
# 4. Sangoma/FreePBX-style host: asterisk22 + asterisk22-core 22.5.2 and a sounds package.
mkdb sqlite-sangoma; rpmq "$work/sqlite-sangoma" -i "$sng" "$sngcore" "$sngsounds"; save sqlite-sangoma

# 5. BerkeleyDB Packages (RHEL 7/8) holding the EPEL host's headers.
bdb="$work/bdb-epel"; mkdir -p "$bdb"
sqlite3 "$work/sqlite-epel/rpmdb.sqlite" 'SELECT hnum, hex(blob) FROM Packages ORDER BY hnum;' |
  while IFS='|' read -r hnum hex; do
    printf '\\%02x\\%02x\\%02x\\%02x\n' $((hnum & 255)) $(((hnum >> 8) & 255)) $(((hnum >> 16) & 255)) $(((hnum >> 24) & 255))
    echo "$hex" | sed 's/../\\&/g'
  done | tr 'A-F' 'a-f' >"$work/bdb.txt"
db5.3_load -T -t hash -f "$work/bdb.txt" "$bdb/Packages"
echo "== bdb-epel (read back by rpm's bdb_ro backend): $(rpm --define '_db_backend bdb_ro' --dbpath "$bdb" -qa 2>/dev/null | sort | tr '\n' ' ')"
gzip -9n <"$bdb/Packages" >"$out/bdb-epel.Packages.gz"
ls -l "$out"
