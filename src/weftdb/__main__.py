import sys

from weftdb.cli import main

sys.exit(main())
