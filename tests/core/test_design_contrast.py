"""Input borders (WCAG 1.4.11, non-text contrast): the colour tokens of static/css/portal.css,
read as the browser would (the last definition wins; the dark theme under
`prefers-color-scheme: dark`), give ≥ 3:1 against every surface a field sits on."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"
SURFACES = ["--color-surface", "--color-bg", "--color-surface-2"]
DARK = "@media (prefers-color-scheme: dark)"


def _split(css: str) -> tuple[str, str]:
    """(rules outside any dark-theme media query, rules inside them), comments removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    light, dark, position = [], [], 0
    while (start := css.find(DARK, position)) != -1:
        light.append(css[position:start])
        opening = css.index("{", start)
        depth, index = 1, opening + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[index], 0)
            index += 1
        dark.append(css[opening + 1 : index - 1])
        position = index
    light.append(css[position:])
    return "".join(light), "".join(dark)


def _rules(css: str) -> list[tuple[str, str]]:
    return [(sel.strip(), body) for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def tokens(theme: str) -> dict[str, str]:
    """The custom properties on :root for `theme` ("light" or "dark"), the last one winning."""
    light, dark = _split(CSS.read_text())
    found: dict[str, str] = {}
    for part in [light] if theme == "light" else [light, dark]:
        for selector, body in _rules(part):
            if selector == ":root":
                found.update(
                    (name, value.strip())
                    for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", body)
                )
    return found


def luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#d6dbe6", "#ffffff") < 3  # the old input border: 1.4:1


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("surface", SURFACES)
def test_input_borders_stand_out_3_to_1(theme, surface):
    colours = tokens(theme)
    ratio = contrast(colours["--color-border-input"], colours[surface])
    assert ratio >= 3, f"{theme}: --color-border-input on {surface} is {ratio:.2f}:1"


def test_the_themes_differ_and_fields_use_the_token():
    assert tokens("light")["--color-border-input"] != tokens("dark")["--color-border-input"]
    fields = [
        body
        for selector, body in _rules(_split(CSS.read_text())[0])
        if "textarea" in selector and "select" in selector and "border" in body
    ]
    assert fields and "var(--color-border-input)" in fields[-1]
