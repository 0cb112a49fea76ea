#include "clientsettingsdialog.h"

#include "clientassumptions.h"
#include "panelparts.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace OffsetLens {

ClientSettingsDialog::ClientSettingsDialog(const QString &groupId, const ClientAssumptions &current, QWidget *parent)
    : QDialog(parent)
    , m_policy(new QComboBox(this))
    , m_mode(new QComboBox(this))
    , m_interval(new QSpinBox(this))
    , m_summary(PanelParts::noteLabel(QString(), this))
{
    setObjectName(QStringLiteral("clientSettingsDialog"));
    setWindowTitle(tr("Consumer Settings of %1").arg(groupId));

    auto *intro = new QLabel(tr("The brokers never see how this group's consumers are configured, so the doctor "
                                "cannot read it. Say what they use, and its explanations tell what will actually "
                                "happen to group <b>%1</b>; leave \"Not known\" to see every outcome.")
                                 .arg(groupId.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    m_policy->addItem(tr("Not known (show every outcome)"), int(ResetPolicy::Unknown));
    m_policy->addItem(tr("earliest: read what the log still holds"), int(ResetPolicy::Earliest));
    m_policy->addItem(tr("latest: skip to new messages (most clients' default)"), int(ResetPolicy::Latest));
    m_policy->addItem(tr("none: fail until the offsets are reset"), int(ResetPolicy::None));
    m_policy->setToolTip(tr("auto.offset.reset: where a consumer starts on a partition without a usable committed "
                            "offset (none yet, expired, or deleted by retention). librdkafka also spells them "
                            "smallest, largest and error."));

    m_mode->addItem(tr("Not known"), int(CommitMode::Unknown));
    m_mode->addItem(tr("Auto-commit (enable.auto.commit=true, the default)"), int(CommitMode::Auto));
    m_mode->addItem(tr("Manual, after processing (enable.auto.commit=false)"), int(CommitMode::Manual));
    m_mode->setToolTip(tr("Decides what a crash or a rebalance costs: messages delivered again, or lost"));

    // librdkafka and the Java client take an int of milliseconds.
    m_interval->setRange(0, std::numeric_limits<int>::max());
    m_interval->setSingleStep(1000);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setSpecialValueText(tr("Not known (5 s is the default)"));
    m_interval->setToolTip(tr("auto.commit.interval.ms"));

    auto *form = new QFormLayout;
    form->addRow(tr("auto.offset.&reset:"), m_policy);
    form->addRow(tr("&Commits:"), m_mode);
    form->addRow(tr("Auto-commit &interval:"), m_interval);

    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    QPushButton *forget = buttons->button(QDialogButtonBox::RestoreDefaults);
    forget->setText(tr("&Not Known"));
    forget->setToolTip(tr("Forget what was said about this group's consumers"));
    connect(forget, &QPushButton::clicked, this, [this] { setClient({}); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    connect(m_policy, &QComboBox::currentIndexChanged, this, &ClientSettingsDialog::updateState);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ClientSettingsDialog::updateState);
    connect(m_interval, &QSpinBox::valueChanged, this, &ClientSettingsDialog::updateState);
    setClient(current);
    m_policy->setFocus();
}

ClientAssumptions ClientSettingsDialog::client() const
{
    ClientAssumptions client;
    client.resetPolicy = ResetPolicy(m_policy->currentData().toInt());
    client.commitMode = CommitMode(m_mode->currentData().toInt());
    // An interval only means something with auto-commit.
    client.autoCommitIntervalMs = client.commitMode == CommitMode::Auto ? m_interval->value() : 0;
    return client;
}

void ClientSettingsDialog::setClient(const ClientAssumptions &client)
{
    m_policy->setCurrentIndex(std::max(0, m_policy->findData(int(client.resetPolicy))));
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(int(client.commitMode))));
    m_interval->setValue(int(std::min<qint64>(client.autoCommitIntervalMs, std::numeric_limits<int>::max())));
    updateState();
}

void ClientSettingsDialog::updateState()
{
    m_interval->setEnabled(CommitMode(m_mode->currentData().toInt()) == CommitMode::Auto);
    m_summary->setText(tr("The doctor will assume: %1.").arg(describeClientAssumptions(client())));
}

} // namespace OffsetLens
