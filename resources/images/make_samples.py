"""Generate the sample logo and signature images referenced by resources/profile.toml.

Run ``uv run python resources/images/make_samples.py`` and commit the PNGs. The logo is a
rounded square with the organisation's initials; the signatures are handwriting-like strokes on
a transparent background. Output is deterministic (fixed parameters, no randomness).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
NAVY = (31, 58, 95, 255)
RED = (200, 16, 46, 255)
INK = (20, 40, 110, 255)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def make_logo(initials: str = "NT", size: int = 256) -> Image.Image:
    """Return a square logo with ``initials`` in white on the primary colour."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, size - 4, size - 4), radius=size // 6, fill=NAVY)
    draw.rectangle((24, size - 60, size - 24, size - 48), fill=RED)
    try:
        font = ImageFont.truetype(str(FONT), size // 2 - 8)
    except OSError:
        font = ImageFont.load_default()
    box = draw.textbbox((0, 0), initials, font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    draw.text(
        ((size - width) / 2 - box[0], (size - 60 - height) / 2 - box[1] + 6),
        initials,
        font=font,
        fill=(255, 255, 255, 255),
    )
    return image


def _stroke(seed: float, width: int, height: int) -> list[tuple[float, float]]:
    """Return a looping cursive line (a prolate trochoid with varying loop heights)."""
    points = []
    steps = 900
    loops = 9 + int(seed)
    for i in range(steps):
        t = i / (steps - 1) * loops * 2 * math.pi
        progress = i / (steps - 1)
        size = 0.55 + 0.45 * math.sin(progress * math.pi * (1.5 + seed / 4) + seed) ** 2
        x = 30 + progress * (width - 90) - 22 * math.sin(t)
        y = height * 0.52 - height * 0.26 * size * math.cos(t) + 18 * math.sin(progress * 5)
        points.append((x + (height * 0.5 - y) * 0.25, y))  # slant to the right
    return points


def make_signature(seed: float, width: int = 600, height: int = 200) -> Image.Image:
    """Return a handwriting-like signature on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line(_stroke(seed, width, height), fill=INK, width=5, joint="curve")
    underline_y = height * 0.82
    draw.line(
        [
            (width * 0.15, underline_y + 6),
            (width * 0.55, underline_y),
            (width * 0.85, underline_y - 8),
        ],
        fill=INK,
        width=4,
        joint="curve",
    )
    return image


def main() -> None:
    """Write logo.png, signature-ana.png and signature-budi.png next to this script."""
    make_logo().save(HERE / "logo.png", optimize=True)
    make_signature(0.0).save(HERE / "signature-ana.png", optimize=True)
    make_signature(1.7).save(HERE / "signature-budi.png", optimize=True)
    for name in ("logo.png", "signature-ana.png", "signature-budi.png"):
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
