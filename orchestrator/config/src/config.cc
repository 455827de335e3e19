// Placeholder until the config implementation lands (this session).
#include "config/config.h"
