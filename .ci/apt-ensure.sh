#!/usr/bin/env bash
# Debian packages the project needs outside pip: installed with apt-get when missing.
#   bash .ci/apt-ensure.sh PACKAGE…
# Used by the Makefile: `make install` (libldap2-dev, libsasl2-dev: python-ldap builds against
# them) and `make test` (slapd, ldap-utils: the directory tests start a real OpenLDAP server).
# Needs root to install (as in CI); anything else missing is an error with the command to run.
# On a machine without dpkg (not Debian) it only reminds what to install and carries on.
set -euo pipefail
missing=()
if ! command -v dpkg-query >/dev/null; then
  echo "Not a Debian system: make sure the equivalents of $* are installed." >&2
  exit 0
fi
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]}. Install them: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian's ${missing[*]}…" >&2
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -q "$@"; }
apt install --no-install-recommends "${missing[@]}" >/dev/null \
  || { apt update >/dev/null && apt install --no-install-recommends "${missing[@]}" >/dev/null; }
