"""Unit (home) table."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("association_id", "unit_ref"),
        # The matcher reads an association's distinct streets, then only the units of the streets that match.
        Index("ix_units_association_street_key", "association_id", "street_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    estate_id: Mapped[int | None] = mapped_column(ForeignKey("estates.id"), index=True)
    unit_ref: Mapped[str] = mapped_column(String(64))  # the association's own unit_id
    street: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(20), default="")
    floor: Mapped[str] = mapped_column(String(20), default="")
    door: Mapped[str] = mapped_column(String(40), default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    # Normalised address text the matcher compares against (lowercase, ascii-folded).
    search_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    # The street (with a UK block name) in one spelling of æ/ø/å: what the matcher's fuzzy step compares.
    street_key: Mapped[str] = mapped_column(String(200), default="")


class Street(Base):
    """The distinct streets of an association's register: the matcher's fuzzy step reads these few rows, not 30,000."""

    __tablename__ = "register_streets"
    __table_args__ = (UniqueConstraint("association_id", "street_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    street_key: Mapped[str] = mapped_column(String(200))
