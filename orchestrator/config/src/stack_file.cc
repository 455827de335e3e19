// Placeholder until the stack_file implementation lands (this session).
#include "config/config.h"
