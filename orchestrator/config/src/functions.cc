// Placeholder until the functions implementation lands (this session).
#include "config/functions.h"
