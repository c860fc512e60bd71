"""What the bundled `binhdan` runs: the same entry point as `python -m binhdan_desktop` (no command: the app)."""

from binhdan_desktop.__main__ import main

raise SystemExit(main())
