"""Build the site's fonts and DKFDS's style sheet into build/static/dkfds.

DKFDS's CSS lists each face of IBM Plex Sans as EOT, WOFF, WOFF2 and TTF, WOFF first
for some, and the whole fonts are 56-64 KB each. This writes, from the files in
node_modules/dkfds:

- each face DKFDS declares, subset to the characters Danish and English text and
  the partners' names need (Basic Latin, Latin-1, Latin Extended-A, the dashes,
  quotes and a few signs), as WOFF2 only, unhinted: about 16 KB a face;
- dkfds.min.css with DKFDS's @font-face rules replaced by rules that list only
  those WOFF2 files, with `font-display: optional`, so that text never moves when
  a font arrives late (the base template preloads the two faces every page uses),
  and a `unicode-range`, so that a character outside the subset falls back to a
  system font without another download.

The fonts are under the SIL Open Font License 1.1 with the Reserved Font Name
"Plex". A subset is a modified version, which the licence allows on condition that
it does not carry the reserved name: the subset's name table calls the family
"Twinning Sans", the style sheet uses that name, and the licence goes with the
files. Run by `make frontend`.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
DKFDS = ROOT / "node_modules" / "dkfds" / "dist"
SOURCE_FONTS = DKFDS / "fonts" / "IBMPlexSans" / "complete" / "woff2"
FAMILY = "Twinning Sans"
UNICODE_RANGE = "U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2212"
# The faces every page draws with, preloaded by public/base.html.
PRELOADED = ("Regular", "SemiBold")

FONT_FACE = re.compile(r"@font-face\{[^}]*font-family:IBM Plex Sans;[^}]*\}")
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
STYLE = re.compile(r"font-style:(\w+)")
WEIGHT = re.compile(r"font-weight:(\d+)")
WEIGHT_NAMES = {400: "Regular", 500: "Medium", 600: "SemiBold", 700: "Bold"}


def face_file(weight: int, style: str) -> str:
    """Return the file name of a face: "Regular", "SemiBoldItalic", "Italic"."""
    name = WEIGHT_NAMES[weight]
    if style == "italic":
        name = "Italic" if name == "Regular" else name + "Italic"
    return name


def write_subset(source: Path, target: Path, *, style_name: str) -> None:
    """Write the subset of one face as WOFF2, renamed to FAMILY."""
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.name_IDs = ["*"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODE_RANGE))
    subsetter.subset(font)
    names = font["name"]
    postscript = FAMILY.replace(" ", "") + "-" + style_name
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} {style_name}"
        elif record.nameID in (3, 6):
            record.string = postscript
    font.save(target)


def font_face_rule(weight: int, style: str) -> str:
    return (
        "@font-face{font-display:optional;"
        f'font-family:"{FAMILY}";font-style:{style};font-weight:{weight};'
        f"src:url(../fonts/{FAMILY.replace(' ', '')}-{face_file(weight, style)}.woff2)"
        f' format("woff2");unicode-range:{UNICODE_RANGE}}}'
    )


def build(target: Path) -> None:
    css_source = (DKFDS / "css" / "dkfds.min.css").read_text(encoding="utf-8")
    fonts = target / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    rules = []
    for declaration in FONT_FACE.findall(css_source):
        weight = int(WEIGHT.search(declaration).group(1))  # type: ignore[union-attr]
        style = STYLE.search(declaration).group(1)  # type: ignore[union-attr]
        name = face_file(weight, style)
        write_subset(
            SOURCE_FONTS / f"IBMPlexSans-{name}.woff2",
            fonts / f"{FAMILY.replace(' ', '')}-{name}.woff2",
            style_name=name,
        )
        rules.append(font_face_rule(weight, style))
    if len(rules) < len(PRELOADED):
        sys.exit("DKFDS's style sheet declares no IBM Plex Sans faces any more.")
    shutil.copy(SOURCE_FONTS / "license.txt", fonts / "OFL.txt")
    css = FONT_FACE.sub("", css_source)
    css = SOURCE_MAP.sub("", css).replace(
        "font-family:IBM Plex Sans", "font-family:" + f'"{FAMILY}"'
    )
    css_dir = target / "css"
    css_dir.mkdir(parents=True, exist_ok=True)
    (css_dir / "dkfds.min.css").write_text("".join(rules) + css, encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build/static/dkfds")
