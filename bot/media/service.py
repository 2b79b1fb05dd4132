"""Photo services: check an upload is a real image, strip its metadata by re-encoding, store and link it."""

from __future__ import annotations

import io
import warnings
from datetime import datetime

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.media.models import Photo
from bot.tickets.models import Ticket

# Formats a phone camera or screenshot produces; anything else is refused whatever its name says.
ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# A phone camera takes at most ~50 MP at full resolution and sends far less; 40 MP of RGBA is 160 MB decoded.
MAX_PIXELS = 40_000_000


class PhotoRejected(ValueError):
    """An upload we will not store; `code` names why (for a translated reply)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def clean_image(raw: bytes, *, max_bytes: int, max_side: int,
                max_pixels: int = MAX_PIXELS) -> tuple[bytes, str, int, int]:
    """Sniff the real type, then re-encode the pixels only: EXIF, GPS and comments do not survive.

    The size in the header is checked before any pixel is decoded: a few kilobytes of PNG can claim gigabytes.
    Returns (data, content_type, width, height).
    """
    if not raw:
        raise PhotoRejected("empty", "empty upload")
    if len(raw) > max_bytes:
        raise PhotoRejected("too_large", f"larger than {max_bytes} bytes")
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: an image that big is refused, not decoded.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return _decode(raw, max_side=max_side, max_pixels=max_pixels)


def _decode(raw: bytes, *, max_side: int, max_pixels: int) -> tuple[bytes, str, int, int]:
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format
            width, height = probe.size
            if width * height > max_pixels:
                raise PhotoRejected("too_large", f"{width}x{height} is more than {max_pixels} pixels")
            probe.verify()
        if kind not in ACCEPTED_FORMATS:
            raise PhotoRejected("not_image", f"unsupported image format {kind}")
        with Image.open(io.BytesIO(raw)) as image:
            # Decompression bombs raise here (Pillow's MAX_IMAGE_PIXELS guard).
            image.load()
            # Honour the camera's rotation before the orientation tag is dropped with the rest of EXIF.
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            keep_alpha = kind in ("PNG", "WEBP", "GIF") and image.mode in ("RGBA", "LA", "P")
            out = io.BytesIO()
            if keep_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                content_type = "image/png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
                content_type = "image/jpeg"
            return out.getvalue(), content_type, image.width, image.height
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected("too_large", "a decompression bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoRejected("not_image", "not a readable image") from exc


def count_for_conversation(*, session: Session, conversation_id: str) -> int:
    return session.scalar(select(func.count(Photo.id)).where(Photo.conversation_id == conversation_id)) or 0


def add(*, session: Session, association_id: int, conversation_id: str, raw: bytes, max_photos: int, max_bytes: int,
        max_side: int, now: datetime) -> Photo:
    """Store one checked photo for a conversation (at most `max_photos` each); links it to an existing ticket."""
    if count_for_conversation(session=session, conversation_id=conversation_id) >= max_photos:
        raise PhotoRejected("too_many", f"at most {max_photos} photos per conversation")
    data, content_type, width, height = clean_image(raw, max_bytes=max_bytes, max_side=max_side)
    ticket_id = session.scalar(
        select(Ticket.id).where(Ticket.association_id == association_id, Ticket.conversation_id == conversation_id)
        .order_by(Ticket.id.desc()).limit(1)
    )
    photo = Photo(association_id=association_id, conversation_id=conversation_id, ticket_id=ticket_id,
                  content_type=content_type, width=width, height=height, size=len(data), data=data, created_at=now)
    session.add(photo)
    session.flush()
    return photo


def for_ticket(*, session: Session, ticket: Ticket) -> list[Photo]:
    """The ticket's photos; photos sent before the ticket was written are linked to it now."""
    photos = list(session.scalars(
        select(Photo).where(
            Photo.association_id == ticket.association_id,
            or_(Photo.ticket_id == ticket.id,
                (Photo.ticket_id.is_(None)) & (Photo.conversation_id == ticket.conversation_id)
                & (Photo.conversation_id != "")),
        ).order_by(Photo.id)
    ))
    for photo in photos:
        if photo.ticket_id is None:
            photo.ticket_id = ticket.id
    return photos


def for_conversation(*, session: Session, conversation_id: str) -> list[Photo]:
    return list(session.scalars(select(Photo).where(Photo.conversation_id == conversation_id).order_by(Photo.id)))
