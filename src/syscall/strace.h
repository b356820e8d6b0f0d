/* strace.h — the system-call log lives in src/trace; this forwards to it. */
#include "../trace/strace.h"
