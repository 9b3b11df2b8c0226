"""Accessible names of a page's buttons, read from its HTML (a small part of accname 1.2: an
`aria-label`, else the text content without `aria-hidden` subtrees; visually hidden text counts)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Names(HTMLParser):
    def __init__(self, roles: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.roles = roles
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self.current: list[dict] = []  # open controls: {"label", "text"}
        self.names: list[str] = []
        self.in_main = 0

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main += 1
        if tag in VOID:
            return
        hidden = attributes.get("aria-hidden") == "true"
        self.stack.append((tag, hidden))
        is_control = tag == "button" or (tag == "a" and "btn" in (attributes.get("class") or ""))
        if is_control and self.in_main and ("button" in self.roles or tag == "a"):
            self.current.append({"tag": tag, "label": attributes.get("aria-label"), "text": []})

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            opened, _hidden = self.stack.pop()
            if opened == tag:
                break
        if tag == "main":
            self.in_main -= 1
        if self.current and self.current[-1]["tag"] == tag:
            control = self.current.pop()
            text = " ".join("".join(control["text"]).split())
            self.names.append(control["label"] or text)

    def handle_data(self, data):
        if self.current and not self._hidden():
            self.current[-1]["text"].append(data)


def control_names(html: str, roles: frozenset[str] = frozenset({"button"})) -> list[str]:
    """Names of the buttons (and links styled as buttons, `.btn`) inside <main>, in order."""
    parser = _Names(set(roles))
    parser.feed(html)
    return parser.names


def repeated(names: list[str]) -> set[str]:
    return {name for name in names if names.count(name) > 1}
