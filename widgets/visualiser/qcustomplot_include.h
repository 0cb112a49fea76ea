#pragma once

// qcustomplot.h spells Qt's signal and loop keywords out (signals, foreach), which this project turns off
// (QT_NO_KEYWORDS, so that no Qt macro collides with other code). Every file includes QCustomPlot through here.
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
