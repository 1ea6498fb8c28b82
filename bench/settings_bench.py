"""Settings for the HTTP benchmark (bench/http.py): the production settings, read from the environment as in
production, with one trivial view added (bench/urls_bench.py) as the baseline every figure is compared with.

Static files are the production ones too: bench/http.py runs collectstatic into a temporary STATIC_ROOT, so
`{% static %}` resolves through WhiteNoise's manifest as it does in production.
"""

from coproduce.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bench"
