#include "lagthresholdsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace OffsetLens {

LagThresholdsDialog::LagThresholdsDialog(const QString &groupId, const LagThresholds &current, QWidget *parent)
    : QDialog(parent)
    , m_lagOn(new QCheckBox(tr("Total lag above"), this))
    , m_lag(new QSpinBox(this))
    , m_timeOn(new QCheckBox(tr("Time lag above"), this))
    , m_time(new QSpinBox(this))
{
    setWindowTitle(tr("Alert Thresholds — %1").arg(groupId));
    m_lag->setRange(0, std::numeric_limits<int>::max());
    m_lag->setGroupSeparatorShown(true);
    m_lag->setSuffix(tr(" messages"));
    m_lag->setValue(int(std::min<qint64>(current.maxLag.value_or(10000), std::numeric_limits<int>::max())));
    m_lagOn->setChecked(current.maxLag.has_value());
    m_time->setRange(1, 7 * 24 * 3600);
    m_time->setGroupSeparatorShown(true);
    m_time->setSuffix(tr(" s"));
    m_time->setValue(int(current.maxTimeLagMs.value_or(300000) / 1000));
    m_timeOn->setChecked(current.maxTimeLagMs.has_value());
    const auto sync = [this] {
        m_lag->setEnabled(m_lagOn->isChecked());
        m_time->setEnabled(m_timeOn->isChecked());
    };
    connect(m_lagOn, &QCheckBox::toggled, this, sync);
    connect(m_timeOn, &QCheckBox::toggled, this, sync);
    sync();

    auto *form = new QFormLayout;
    form->addRow(m_lagOn, m_lag);
    form->addRow(m_timeOn, m_time);
    auto *note = new QLabel(tr("A group above a threshold is marked in the tree, the groups table and the status bar, "
                               "and can raise a desktop notification (View menu)."),
                            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

LagThresholds LagThresholdsDialog::thresholds() const
{
    LagThresholds t;
    if (m_lagOn->isChecked())
        t.maxLag = m_lag->value();
    if (m_timeOn->isChecked())
        t.maxTimeLagMs = qint64(m_time->value()) * 1000;
    return t;
}

ChartExportDialog::ChartExportDialog(const QString &suggestedPath, QWidget *parent)
    : QDialog(parent)
    , m_path(new QLineEdit(suggestedPath, this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_dpi(new QSpinBox(this))
{
    setWindowTitle(tr("Export Chart"));
    m_path->setToolTip(tr("The suffix picks the format: .png, .jpg, .pdf (vector) or .csv (the plotted series)"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Export Chart"), m_path->text(),
            tr("PNG image (*.png);;JPEG image (*.jpg);;PDF document (*.pdf);;CSV of the series (*.csv)"));
        if (!file.isEmpty())
            m_path->setText(file);
    });
    m_width->setRange(100, 20000);
    m_width->setValue(1600);
    m_width->setSuffix(tr(" px"));
    m_height->setRange(100, 20000);
    m_height->setValue(900);
    m_height->setSuffix(tr(" px"));
    m_dpi->setRange(48, 1200);
    m_dpi->setValue(144);
    m_dpi->setSuffix(tr(" DPI"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&File:"), pathRow);
    form->addRow(tr("&Width:"), m_width);
    form->addRow(tr("&Height:"), m_height);
    form->addRow(tr("&Resolution:"), m_dpi);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto sync = [this, buttons] {
        const QString suffix = QFileInfo(m_path->text()).suffix().toLower();
        const bool image =
            suffix == QLatin1String("png") || suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
        m_dpi->setEnabled(image || suffix == QLatin1String("pdf")); // a PDF's page size is pixels at this DPI
        m_width->setEnabled(suffix != QLatin1String("csv"));
        m_height->setEnabled(suffix != QLatin1String("csv"));
        buttons->button(QDialogButtonBox::Save)
            ->setEnabled(image || suffix == QLatin1String("pdf") || suffix == QLatin1String("csv"));
    };
    connect(m_path, &QLineEdit::textChanged, this, sync);
    sync();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString ChartExportDialog::path() const
{
    return m_path->text();
}

int ChartExportDialog::imageWidth() const
{
    return m_width->value();
}

int ChartExportDialog::imageHeight() const
{
    return m_height->value();
}

int ChartExportDialog::dpi() const
{
    return m_dpi->value();
}

} // namespace OffsetLens
