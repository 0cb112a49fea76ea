#include "democluster.h"
