"""Placeholder product pictures drawn with Pillow.

Each picture gets a pastel background whose hue derives from the product
code, so that it is stable between runs and differs between products, a
shape standing for the product family, and the product name.
"""
import colorsys
import functools
import io
import textwrap
import zlib

from PIL import Image, ImageDraw, ImageFont

SIZE = 800
MARGIN = 60
# A common font with umlauts; the font bundled with Pillow has none
FONT = 'DejaVuSans.ttf'
_ASCII = str.maketrans({
        'ä': 'ae', 'ö': 'oe', 'ü': 'ue', 'ß': 'ss',
        'Ä': 'Ae', 'Ö': 'Oe', 'Ü': 'Ue',
        })


@functools.cache
def _font(size):
    "Return the font at size and whether it lacks umlauts"
    try:
        return ImageFont.truetype(FONT, size), False
    except OSError:
        return ImageFont.load_default(size=size), True


def _colours(code):
    "Return a pastel background and a darker shape colour for code"
    hue = (zlib.crc32(code.encode()) % 360) / 360
    background = colorsys.hls_to_rgb(hue, 0.85, 0.55)
    shape = colorsys.hls_to_rgb(hue, 0.45, 0.5)
    return tuple(
        tuple(round(c * 255) for c in colour)
        for colour in (background, shape))


def _shape_points(shape, box):
    left, top, right, bottom = box
    middle = (left + right) / 2
    centre = (top + bottom) / 2
    if shape == 'triangle':
        return [(middle, top), (right, bottom), (left, bottom)]
    if shape == 'diamond':
        return [(middle, top), (right, centre), (middle, bottom),
            (left, centre)]
    raise ValueError(shape)


def _draw_shape(draw, shape, colour):
    box = (SIZE * 0.28, SIZE * 0.08, SIZE * 0.72, SIZE * 0.52)
    if shape == 'circle':
        draw.ellipse(box, fill=colour)
    elif shape == 'square':
        draw.rounded_rectangle(box, radius=SIZE // 16, fill=colour)
    else:
        draw.polygon(_shape_points(shape, box), fill=colour)


def render(code, name, shape):
    "Return the JPEG picture of the product as bytes"
    background, colour = _colours(code)
    image = Image.new('RGB', (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    _draw_shape(draw, shape, colour)
    font, ascii_only = _font(52)
    if ascii_only:
        name = name.translate(_ASCII)
    draw.multiline_text(
        (SIZE / 2, SIZE * 0.6), '\n'.join(textwrap.wrap(name, width=22)),
        font=font, fill=(40, 40, 40), anchor='ma', align='center',
        spacing=12)
    draw.text(
        (SIZE - MARGIN, SIZE - MARGIN), code, font=_font(32)[0],
        fill=colour, anchor='rd')
    data = io.BytesIO()
    image.save(data, format='JPEG', quality=85)
    return data.getvalue()
