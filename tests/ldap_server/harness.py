"""Start Debian's slapd on a loopback port with a temporary configuration and a small tree.

    server = Directory(tmp_path)          # slapadd the tree, start slapd, wait until it answers
    server.uri, server.bind_dn, server.bind_password, server.base
    server.add(ldif) / server.modify(ldif) / server.delete(dn)   # change the tree (ldap-utils)
    server.stop()

No slapd (or it will not start) raises: the directory tests fail, they never skip (`make test`
installs slapd and ldap-utils when missing).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).parent
SUFFIX = "dc=corp,dc=example"
BIND_DN = f"cn=portal,ou=services,{SUFFIX}"
BIND_PASSWORD = "portal-bind-secret"  # noqa: S105 - a test server's
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-secret"  # noqa: S105


def _find(tool: str) -> str | None:
    """Debian puts slapd and slapadd in /usr/sbin, often not on a user's PATH."""
    path = Path("/usr/sbin") / tool
    return str(path) if path.exists() else shutil.which(tool)


SLAPD = _find("slapd")

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
include {here}/ad.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {folder}/data
access to attrs=userPassword by anonymous auth by self write by * none
access to * by users read by * none
{limits}
"""

TREE = """\
dn: {suffix}
objectClass: dcObject
objectClass: organization
dc: corp
o: Corp

dn: ou=people,{suffix}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{suffix}
objectClass: organizationalUnit
ou: groups

dn: ou=services,{suffix}
objectClass: organizationalUnit
ou: services

dn: {bind_dn}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: portal
userPassword: {bind_password}
"""


def person_ldif(uid: str, password: str = "dir-password", **attrs: str) -> str:
    """An inetOrgPerson under ou=people (with the AD attributes when given)."""
    values = {"cn": uid, "sn": uid.title(), **attrs}
    lines = [f"dn: uid={uid},ou=people,{SUFFIX}", "objectClass: inetOrgPerson"]
    if {"sAMAccountName", "userAccountControl", "department"} & set(attrs):
        lines.append("objectClass: adAccount")
    lines += [f"uid: {uid}", f"userPassword: {password}"]
    lines += [f"{name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def group_ldif(cn: str, members: list[str]) -> str:
    lines = [f"dn: cn={cn},ou=groups,{SUFFIX}", "objectClass: groupOfNames", f"cn: {cn}"]
    lines += [f"member: uid={uid},ou=people,{SUFFIX}" for uid in members] or [f"member: {ROOT_DN}"]
    return "\n".join(lines) + "\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Directory:
    bind_dn, bind_password, base = BIND_DN, BIND_PASSWORD, SUFFIX
    people_base, groups_base = f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}"

    def __init__(self, folder: Path, tree: str = "", size_limit: int | None = None):
        """`size_limit`: the most entries one plain search returns to the portal (as Active
        Directory's MaxPageSize, 1000 there); a paged search may read more, page by page."""
        if SLAPD is None or not shutil.which("ldapadd"):
            raise RuntimeError(
                "slapd or ldap-utils is missing: `make test` installs them "
                "(apt-get install -y slapd ldap-utils)."
            )
        self.folder = folder
        (folder / "data").mkdir(parents=True, exist_ok=True)
        config = folder / "slapd.conf"
        config.write_text(
            CONFIG.format(
                here=HERE,
                folder=folder,
                suffix=SUFFIX,
                root_dn=ROOT_DN,
                root_password=ROOT_PASSWORD,
                limits=(
                    f"limits * size.soft={size_limit} size.hard={size_limit} size.prtotal=unlimited"
                    if size_limit
                    else ""
                ),
            )
        )
        (folder / "tree.ldif").write_text(
            TREE.format(suffix=SUFFIX, bind_dn=BIND_DN, bind_password=BIND_PASSWORD)
            + ("\n" + tree if tree else "")
        )
        self._run(
            [_find("slapadd") or "slapadd", "-f", str(config), "-l", str(folder / "tree.ldif")]
        )
        self.port = _free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 - Debian's slapd, our configuration
            [SLAPD, "-f", str(config), "-h", self.uri, "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "slapd.log", "w"),  # noqa: SIM115 - lives with the process
        )
        self._wait()

    def _wait(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        log = (self.folder / "slapd.log").read_text()
        raise RuntimeError(f"slapd did not start on {self.uri}:\n{log}")

    @staticmethod
    def _run(command: list[str], data: str | None = None) -> None:
        result = subprocess.run(  # noqa: S603
            command, input=data, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr or result.stdout}")

    def _tool(self, tool: str, *args: str, data: str | None = None) -> None:
        self._run([tool, "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PASSWORD, *args], data)

    def add(self, ldif: str) -> None:
        self._tool("ldapadd", data=ldif)

    def modify(self, ldif: str) -> None:
        self._tool("ldapmodify", data=ldif)

    def delete(self, dn: str) -> None:
        self._tool("ldapdelete", dn)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
