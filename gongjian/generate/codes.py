"""Codes that pass ingest's checks and never repeat: 统一社会信用代码 (GB 32100), 身份证号
(GB 11643), and ``U-<county>-<nnnnn>`` for units that have no credit code."""

from __future__ import annotations

import datetime as dt
import random

from gongjian.ingest.codes import id_check_digit, uscc_check_char


class Codes:
    """The codes of one generation, each handed out once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.usccs: set[str] = set()
        self.id_numbers: set[str] = set()  # their first 17 characters
        self.local_seq: dict[str, int] = {}

    def uscc(self, prefix: str, division: str) -> str:
        """A credit code of a registration authority (``11`` agencies, ``91`` firms …) in ``division``."""
        r = self.rng
        while True:
            if prefix in ("91", "93"):
                body = "MA" + "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
            elif prefix in ("51", "52"):
                body = "MJ" + f"{r.randrange(1000000):06d}"
            else:
                body = f"{r.randrange(100000000):08d}"
            org = body + _org_check(body)
            first17 = prefix + division + org
            code = first17 + uscc_check_char(first17)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def local(self, county: str) -> str:
        n = self.local_seq.get(county, 0) + 1
        self.local_seq[county] = n
        return f"U-{county}-{n:05d}"

    def id_number(self, county: str, born_from: int, born_to: int) -> str:
        """An ID-card number of someone from ``county`` born between the two years."""
        r = self.rng
        while True:
            birth = dt.date(born_from, 1, 1) + dt.timedelta(days=r.randrange((born_to - born_from) * 365))
            first17 = f"{county}{birth:%Y%m%d}{r.randrange(1000):03d}"
            if first17 not in self.id_numbers:
                self.id_numbers.add(first17)
                return first17 + id_check_digit(first17)


def _org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code."""
    total = sum(
        (int(ch) if ch.isdigit() else ord(ch) - 55) * w
        for ch, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    c = 11 - total % 11
    return "X" if c == 10 else ("0" if c == 11 else str(c))
