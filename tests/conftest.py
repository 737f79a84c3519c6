from __future__ import annotations

import warnings

# authlib (imported by weaviate-client) forces its own deprecation warning to
# "always" at import time; import the client once here with warnings silenced so
# the strict warning filters apply to our code and tests only.
with warnings.catch_warnings():
    import authlib.deprecate  # noqa: F401  (installs its "always" filter first)

    warnings.simplefilter("ignore")
    import weaviate  # noqa: F401
