"""Profile pictures (R30): decoded, so that only real images are kept, and written again without
their metadata: a phone photo's EXIF says where it was taken, which no visitor of a teacher's
profile should learn."""
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
MAX_SIDE = 4096  # pixels; a 2 MB file can claim a huge canvas that would take gigabytes to decode


class NotAnImage(ValueError):
    pass


def cleaned(data, content_type):
    """The picture as stored: the same format, upright, without metadata. Raises NotAnImage."""
    image_format = FORMATS[content_type]
    try:
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            if max(image.size) > MAX_SIDE:
                raise NotAnImage(f"larger than {MAX_SIDE} pixels on a side")
            image.load()  # decodes every pixel: a truncated or forged file fails here
            upright = ImageOps.exif_transpose(image)  # the EXIF orientation is applied, then dropped
            out = BytesIO()
            upright.save(out, format=image_format, **({"quality": 90} if image_format != "PNG" else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, NotAnImage):
            raise
        raise NotAnImage(str(exc)) from None
    return out.getvalue()
