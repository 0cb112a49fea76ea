#pragma once

#include "lagbadge.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace OffsetLens {

// A group's alert thresholds: total lag in messages and time lag in seconds, each on or off.
class LagThresholdsDialog : public QDialog
{
    Q_OBJECT
public:
    LagThresholdsDialog(const QString &groupId, const LagThresholds &current, QWidget *parent = nullptr);
    LagThresholds thresholds() const;

private:
    QCheckBox *m_lagOn;
    QSpinBox *m_lag;
    QCheckBox *m_timeOn;
    QSpinBox *m_time;
};

// Where and how to export a chart: the file (its suffix picks PNG, JPG, PDF or CSV), and for images the size and DPI.
class ChartExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ChartExportDialog(const QString &suggestedPath, QWidget *parent = nullptr);
    QString path() const;
    int imageWidth() const;
    int imageHeight() const;
    int dpi() const;

private:
    QLineEdit *m_path;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QSpinBox *m_dpi;
};

} // namespace OffsetLens
