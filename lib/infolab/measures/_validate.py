from ..validation import *  # noqa: F401,F403
from ..validation import PROB_ATOL  # noqa: F401
