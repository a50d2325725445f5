"""The demo forum (Lianyungang 2025) and the synthetic forum of the benchmarks.

data.py holds the tables, people.py draws participants, setup.py the pieces both forums
share, forum.py and synthetic.py build them, programme.py and announcements.py add each
area's data, and builder.py runs it all (`seed`).
"""

from app.demo.builder import seed
from app.demo.setup import Summary

__all__ = ["Summary", "seed"]
