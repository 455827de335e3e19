// Umbrella header for lib/cty.
#ifndef EDP_CTY_CTY_H_
#define EDP_CTY_CTY_H_
#include "cty/convert.h"
#include "cty/function.h"
#include "cty/json.h"
#include "cty/msgpack.h"
#include "cty/number.h"
#include "cty/path.h"
#include "cty/result.h"
#include "cty/text.h"
#include "cty/type.h"
#include "cty/value.h"
#endif  // EDP_CTY_CTY_H_
