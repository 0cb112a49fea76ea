#include "resetdialog.h"

#include "copyabletableview.h"
#include "filterlineedit.h"
#include "healthproxymodel.h"
#include "numberformat.h"
#include "panelparts.h"
#include "resetfile.h"
#include "resetplanmodel.h"
#include "standardicons.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QTimeZone>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {
const QString kStrategyKey = QStringLiteral("resetDialog/strategy");
const QString kZoneKey = QStringLiteral("resetDialog/timeZone");
const QString kFixedZoneKey = QStringLiteral("resetDialog/fixedZone");
const QString kDurationKey = QStringLiteral("resetDialog/duration");
constexpr int kDebounceMs = 150;
constexpr int kMembersShown = 6;

// Clamped and failed rows get a tinted background and an icon, unchanged rows muted text: the note column says the
// same in words, so nothing depends on colour alone.
class PlanStyleProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::BackgroundRole && role != Qt::ForegroundRole && role != Qt::DecorationRole)
            return QIdentityProxyModel::data(index, role);
        const int health = QIdentityProxyModel::data(index, ResetPlanModel::HealthRole).toInt();
        const QPalette palette = QApplication::palette();
        if (role == Qt::BackgroundRole)
            return health > 0 ? QVariant(HealthProxyModel::backgroundFor(health, palette)) : QVariant();
        if (role == Qt::ForegroundRole) {
            const bool unchanged = QIdentityProxyModel::data(index, ResetPlanModel::UnchangedRole).toBool();
            return unchanged && health == 0 ? QVariant(palette.color(QPalette::PlaceholderText)) : QVariant();
        }
        const int column = index.column();
        if (column != ResetPlanModel::NoteColumn && column != ResetPlanModel::OutcomeColumn)
            return {};
        int cellHealth = health;
        if (column == ResetPlanModel::NoteColumn) {
            const auto status = ResetRowStatus(QIdentityProxyModel::data(index, ResetPlanModel::StatusRole).toInt());
            cellHealth = status == ResetRowStatus::Failed ? 2 : status == ResetRowStatus::Clamped ? 1 : 0;
        } else if (index.data(Qt::DisplayRole).toString().isEmpty()) {
            return {};
        }
        switch (cellHealth) {
        case 2:
            return standardIcon(QStyle::SP_MessageBoxCritical);
        case 1:
            return standardIcon(QStyle::SP_MessageBoxWarning);
        default:
            return column == ResetPlanModel::OutcomeColumn ? standardIcon(QStyle::SP_DialogApplyButton) : QVariant();
        }
    }
};

QString clusterNameOf(const ClusterSnapshot &snapshot)
{
    return snapshot.profileName.isEmpty() ? snapshot.bootstrapServers : snapshot.profileName;
}

// ISO-8601 as parseResetDuration reads it, for a duration handed in by the caller (an undo, a remembered value).
QString formatIsoDuration(qint64 ms)
{
    qint64 seconds = ms / 1000;
    const qint64 millis = ms % 1000;
    const qint64 days = seconds / 86400;
    seconds %= 86400;
    QString text = QStringLiteral("P");
    if (days > 0)
        text += QString::number(days) + QLatin1Char('D');
    if (seconds == 0 && millis == 0)
        return days > 0 ? text : QStringLiteral("PT0S");
    text += QLatin1Char('T');
    if (seconds >= 3600)
        text += QString::number(seconds / 3600) + QLatin1Char('H');
    if (seconds % 3600 >= 60)
        text += QString::number(seconds % 3600 / 60) + QLatin1Char('M');
    if (seconds % 60 != 0 || millis != 0) {
        text += QString::number(seconds % 60);
        if (millis != 0)
            text += QStringLiteral(".%1").arg(millis, 3, 10, QLatin1Char('0'));
        text += QLatin1Char('S');
    }
    return text;
}

QPushButton *plainButton(const QString &text, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    // Return must never press Apply (or anything else) while typing an offset or a date.
    button->setAutoDefault(false);
    return button;
}
} // namespace

// ---------------------------------------------------------------------------------------------------------------

PermissionPanel::PermissionPanel(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
{
    setObjectName(QStringLiteral("permissionPanel"));
    setFrameShape(QFrame::StyledPanel);
    QFont font = m_title->font();
    font.setBold(true);
    m_title->setFont(font);
    m_title->setTextFormat(Qt::PlainText);
    m_body->setTextFormat(Qt::PlainText);
    m_body->setWordWrap(true);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    icon->setAlignment(Qt::AlignTop);
    auto *text = new QVBoxLayout;
    text->addWidget(m_title);
    text->addWidget(m_body);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(icon);
    layout->addLayout(text, 1);
    hide();
}

void PermissionPanel::setPermission(const ResetPermission &permission)
{
    const QPalette palette = QApplication::palette();
    const int health = permission.allowed ? 1 : 2;
    const QColor background = HealthProxyModel::backgroundFor(health, palette);
    const QColor border = HealthProxyModel::foregroundFor(health, palette);
    setStyleSheet(QStringLiteral("QFrame#permissionPanel { background: %1; border: 2px solid %2; border-radius: 6px; }"
                                 "QFrame#permissionPanel QLabel { background: transparent; color: %3; }")
                      .arg(background.name(), border.name(), palette.color(QPalette::Text).name()));
    QStringList lines;
    if (!permission.allowed) {
        m_title->setText(tr("This group cannot be changed now"));
        lines.append(permission.reason.isEmpty() ? tr("The group's state does not allow it.") : permission.reason);
        if (!permission.members.isEmpty()) {
            lines.append(QString());
            lines.append(tr("Members consuming now:"));
            for (const QString &member : permission.members)
                lines.append(QStringLiteral("  • ") + member);
        }
        if (!permission.howToStop.isEmpty()) {
            lines.append(QString());
            lines.append(permission.howToStop);
        }
    } else {
        m_title->setText(tr("Check before applying"));
        for (const QString &warning : permission.warnings)
            lines.append(QStringLiteral("• ") + warning);
    }
    m_body->setText(lines.join(QLatin1Char('\n')));
    setVisible(!permission.allowed || !permission.warnings.isEmpty());
}

QString PermissionPanel::text() const
{
    return m_title->text() + QLatin1Char('\n') + m_body->text();
}

// ---------------------------------------------------------------------------------------------------------------

ResetDialog::ResetDialog(const ClusterSnapshot &snapshot, const ResetRequest &initial, QWidget *parent)
    : QDialog(parent)
    , m_snapshot(snapshot)
    , m_groupId(initial.groupId)
    , m_debounce(new QTimer(this))
    , m_planModel(new ResetPlanModel(this))
    , m_resultModel(new ResetPlanModel(this))
{
    setWindowTitle(tr("Reset offsets of %1").arg(m_groupId));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { replan(false); });

    m_permissionPanel = new PermissionPanel(this);
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("resetBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();

    // The controls sit in one row above the preview, so that the preview gets the dialog's full width: its ten
    // columns, the note last, fit without scrolling sideways.
    auto *controls = new QHBoxLayout;
    controls->addWidget(buildScope(), 1);
    controls->addWidget(buildStrategy(), 1);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("resetTabs"));
    m_tabs->addTab(buildPreview(), tr("&Preview"));
    m_tabs->addTab(buildResult(), tr("&Result"));
    m_tabs->setTabEnabled(1, false);

    m_progressRow = new QWidget(this);
    m_progressText = new QLabel(m_progressRow);
    m_progress = new QProgressBar(m_progressRow);
    m_progress->setRange(0, 0); // busy: the writer cannot say how far it is
    m_progress->setMaximumWidth(220);
    m_cancelApply = plainButton(tr("Ca&ncel apply"), m_progressRow);
    connect(m_cancelApply, &QPushButton::clicked, this, &ResetDialog::cancelApplyRequested);
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progress);
    progressLayout->addWidget(m_progressText, 1);
    progressLayout->addWidget(m_cancelApply);
    m_progressRow->hide();

    m_exportButton = plainButton(tr("E&xport plan…"), this);
    m_exportButton->setToolTip(tr("Save the plan as kafka-consumer-groups' CSV (usable with --from-file)"));
    m_commandButton = plainButton(tr("Copy as co&mmand"), this);
    m_commandButton->setToolTip(tr("Copy the equivalent kafka-consumer-groups.sh … --dry-run command"));
    m_applyButton = plainButton(tr("&Apply…"), this);
    m_closeButton = plainButton(tr("Close"), this);
    connect(m_exportButton, &QPushButton::clicked, this, &ResetDialog::exportPlan);
    connect(m_commandButton, &QPushButton::clicked, this, &ResetDialog::copyCommand);
    connect(m_applyButton, &QPushButton::clicked, this, &ResetDialog::confirmAndApply);
    connect(m_closeButton, &QPushButton::clicked, this, &ResetDialog::reject);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_commandButton);
    buttons->addStretch(1);
    buttons->addWidget(m_applyButton);
    buttons->addWidget(m_closeButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(m_permissionPanel);
    layout->addWidget(m_banner);
    layout->addLayout(controls);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_progressRow);
    layout->addLayout(buttons);

    fillTopicTree();
    loadInitial(initial);
    updateHeader();
    QString inputError;
    m_requestValid = requestFromControls(&m_request, &inputError);
    m_inputError->setText(inputError);
    m_inputError->setVisible(!inputError.isEmpty());
    updateSummary();
    updateActions();
    resize(1100, 720);
    // The first plan is asked for once the caller had a chance to connect planRequested.
    QTimer::singleShot(0, this, [this] { replan(true); });
}

QWidget *ResetDialog::buildHeader()
{
    auto *widget = new QWidget(this);
    m_title = PanelParts::titleLabel(widget);
    m_stateBadge = PanelParts::badgeLabel(widget);
    m_facts = PanelParts::factsLabel(widget);
    m_members = PanelParts::noteLabel(QString(), widget);
    m_members->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_stateBadge);
    titleRow->addStretch(1);
    auto *layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(titleRow);
    layout->addWidget(m_facts);
    layout->addWidget(m_members);
    return widget;
}

QWidget *ResetDialog::buildScope()
{
    auto *box = new QGroupBox(tr("Scope"), this);
    m_allTopics = new QRadioButton(tr("A&ll topics the group has committed"), box);
    m_chosenTopics = new QRadioButton(tr("C&hosen topics and partitions:"), box);
    auto *group = new QButtonGroup(box);
    group->addButton(m_allTopics);
    group->addButton(m_chosenTopics);
    m_allTopics->setChecked(true);
    m_topicFilter = new FilterLineEdit(tr("Filter topics…"), box);
    m_topicTree = new QTreeWidget(box);
    m_topicTree->setObjectName(QStringLiteral("topicTree"));
    m_topicTree->setHeaderLabels({tr("Topic / partition"), tr("Committed")});
    m_topicTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_topicTree->header()->setStretchLastSection(false);
    m_topicTree->header()->resizeSection(1, 110);
    m_topicTree->setUniformRowHeights(true);
    m_topicTree->setMinimumHeight(110);
    m_topicTree->setMaximumHeight(140);
    m_topicFilter->setTarget(m_topicTree);
    m_scopeNote = PanelParts::noteLabel(QString(), box);
    m_scopeNote->hide();

    connect(m_allTopics, &QRadioButton::toggled, this, [this] { scheduleReplan(); });
    connect(m_topicFilter, &QLineEdit::textChanged, this, &ResetDialog::filterTopicTree);
    connect(m_topicTree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *, int column) {
        if (column != 0)
            return;
        // Ticking a topic means "these topics": switch the scope rather than ignore the tick.
        if (m_allTopics->isChecked())
            m_chosenTopics->setChecked(true);
        scheduleReplan();
    });

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_allTopics);
    layout->addWidget(m_chosenTopics);
    layout->addWidget(m_topicFilter);
    layout->addWidget(m_topicTree, 1);
    layout->addWidget(m_scopeNote);
    return box;
}

QWidget *ResetDialog::buildStrategy()
{
    auto *box = new QGroupBox(tr("Strategy"), this);
    m_strategy = new QComboBox(box);
    m_strategy->setObjectName(QStringLiteral("strategyCombo"));
    const QList<ResetStrategyKind> kinds{
        ResetStrategyKind::ToEarliest, ResetStrategyKind::ToLatest, ResetStrategyKind::ToCurrent,
        ResetStrategyKind::ToOffset,   ResetStrategyKind::ShiftBy,  ResetStrategyKind::ToDateTime,
        ResetStrategyKind::ByDuration, ResetStrategyKind::FromFile, ResetStrategyKind::FromGroup,
    };
    const QStringList names{
        tr("To earliest (log start)"),
        tr("To latest (high watermark)"),
        tr("To current (committed)"),
        tr("To offset…"),
        tr("Shift by ±N…"),
        tr("To date-time…"),
        tr("By duration (now − d)…"),
        tr("From file (CSV)…"),
        tr("Copy from another group…"),
    };
    for (int i = 0; i < kinds.size(); ++i)
        m_strategy->addItem(names.at(i), int(kinds.at(i)));
    auto *strategyLabel = new QLabel(tr("&Move each partition:"), box);
    strategyLabel->setBuddy(m_strategy);

    m_pages = new QStackedWidget(box);
    auto *simplePage = new QWidget(m_pages);
    auto *simpleNote = PanelParts::noteLabel(QString(), simplePage);
    simpleNote->setObjectName(QStringLiteral("strategyNote"));
    auto *simpleLayout = new QVBoxLayout(simplePage);
    simpleLayout->setContentsMargins(0, 0, 0, 0);
    simpleLayout->addWidget(simpleNote);
    simpleLayout->addStretch(1);

    auto *offsetPage = new QWidget(m_pages);
    m_offset = new QLineEdit(offsetPage);
    m_offset->setObjectName(QStringLiteral("offsetEdit"));
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,19}")), m_offset));
    m_offset->setPlaceholderText(tr("e.g. 1000"));
    auto *offsetForm = new QFormLayout(offsetPage);
    offsetForm->setContentsMargins(0, 0, 0, 0);
    offsetForm->addRow(tr("&Offset:"), m_offset);
    offsetForm->addRow(PanelParts::noteLabel(tr("Clamped to [log start, HW] per partition."), offsetPage));

    auto *shiftPage = new QWidget(m_pages);
    m_shift = new QLineEdit(shiftPage);
    m_shift->setObjectName(QStringLiteral("shiftEdit"));
    m_shift->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[-+]?\\d{0,19}")), m_shift));
    m_shift->setPlaceholderText(tr("e.g. -100 (back) or 50 (forward)"));
    auto *shiftForm = new QFormLayout(shiftPage);
    shiftForm->setContentsMargins(0, 0, 0, 0);
    shiftForm->addRow(tr("S&hift by:"), m_shift);
    shiftForm->addRow(PanelParts::noteLabel(
        tr("Committed offset + N, clamped to [log start, HW]. Partitions without a commit cannot be shifted."),
        shiftPage));

    auto *explicitPage = new QWidget(m_pages);
    m_explicitNote = new QLabel(explicitPage);
    m_explicitNote->setWordWrap(true);
    auto *explicitLayout = new QVBoxLayout(explicitPage);
    explicitLayout->setContentsMargins(0, 0, 0, 0);
    explicitLayout->addWidget(m_explicitNote);
    explicitLayout->addStretch(1);

    m_pages->addWidget(simplePage);          // 0
    m_pages->addWidget(offsetPage);          // 1
    m_pages->addWidget(shiftPage);           // 2
    m_pages->addWidget(buildDateTimePage()); // 3
    m_pages->addWidget(buildDurationPage()); // 4
    m_pages->addWidget(buildFilePage());     // 5
    m_pages->addWidget(buildGroupPage());    // 6
    m_pages->addWidget(explicitPage);        // 7

    m_inputError = PanelParts::errorLabel(box);
    m_inputError->setObjectName(QStringLiteral("inputError"));

    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this, simpleNote] {
        const ResetStrategyKind kind = chosenKind();
        int page = 0;
        switch (kind) {
        case ResetStrategyKind::ToEarliest:
            simpleNote->setText(tr("Every partition goes to its log start: all retained messages are consumed "
                                   "again."));
            break;
        case ResetStrategyKind::ToLatest:
            simpleNote->setText(tr("Every partition goes to its high watermark: what is not consumed yet is "
                                   "skipped."));
            break;
        case ResetStrategyKind::ToCurrent:
            simpleNote->setText(tr("Every partition keeps its committed offset (latest where it has none): commits "
                                   "partitions that have no offset yet."));
            break;
        case ResetStrategyKind::ToOffset:
            page = 1;
            break;
        case ResetStrategyKind::ShiftBy:
            page = 2;
            break;
        case ResetStrategyKind::ToDateTime:
            page = 3;
            break;
        case ResetStrategyKind::ByDuration:
            page = 4;
            break;
        case ResetStrategyKind::FromFile:
            page = 5;
            break;
        case ResetStrategyKind::FromGroup:
            page = 6;
            break;
        case ResetStrategyKind::Explicit:
            page = 7;
            break;
        }
        m_pages->setCurrentIndex(page);
        // File rows and explicit targets name their own partitions: a scope would be ignored, so do not offer one.
        const bool ownScope = kind == ResetStrategyKind::FromFile || kind == ResetStrategyKind::Explicit;
        for (QWidget *w : {static_cast<QWidget *>(m_allTopics), static_cast<QWidget *>(m_chosenTopics),
                           static_cast<QWidget *>(m_topicFilter), static_cast<QWidget *>(m_topicTree)})
            w->setEnabled(!ownScope);
        m_scopeNote->setText(kind == ResetStrategyKind::FromFile ? tr("The file's partitions are the scope.")
                                                                 : tr("The given targets' partitions are the scope."));
        m_scopeNote->setVisible(ownScope);
        scheduleReplan();
    });
    connect(m_offset, &QLineEdit::textChanged, this, &ResetDialog::scheduleReplan);
    connect(m_shift, &QLineEdit::textChanged, this, &ResetDialog::scheduleReplan);

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(strategyLabel);
    layout->addWidget(m_strategy);
    layout->addWidget(m_pages);
    layout->addWidget(m_inputError);
    return box;
}

QWidget *ResetDialog::buildDateTimePage()
{
    auto *page = new QWidget(this);
    m_dateTime = new QLineEdit(page);
    m_dateTime->setObjectName(QStringLiteral("dateTimeEdit"));
    m_dateTime->setPlaceholderText(QStringLiteral("YYYY-MM-DDTHH:mm:SS.sss"));
    m_zone = new QComboBox(page);
    m_zone->setObjectName(QStringLiteral("zoneCombo"));
    m_zone->addItem(QString(), QStringLiteral("local"));
    m_zone->addItem(tr("UTC"), QStringLiteral("utc"));
    m_zone->addItem(tr("Fixed offset"), QStringLiteral("fixed"));
    m_fixedZone = new QLineEdit(page);
    m_fixedZone->setObjectName(QStringLiteral("fixedZoneEdit"));
    m_fixedZone->setPlaceholderText(QStringLiteral("±hh:mm"));
    m_fixedZone->setMaximumWidth(90);
    m_interpreted = new QLabel(page);
    m_interpreted->setObjectName(QStringLiteral("interpretedTime"));
    m_interpreted->setWordWrap(true);
    m_interpreted->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QSettings settings;
    const QString zone = settings.value(kZoneKey, QStringLiteral("utc")).toString();
    m_zone->setCurrentIndex(qMax(0, m_zone->findData(zone)));
    m_fixedZone->setText(settings.value(kFixedZoneKey, QStringLiteral("+00:00")).toString());
    updateZoneLabels();

    auto *zoneRow = new QHBoxLayout;
    zoneRow->addWidget(m_zone, 1);
    zoneRow->addWidget(m_fixedZone);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Date-time:"), m_dateTime);
    auto *zoneLabel = new QLabel(tr("Time &zone:"), page);
    zoneLabel->setBuddy(m_zone); // a layout field gets no buddy of its own
    form->addRow(zoneLabel, zoneRow);
    form->addRow(m_interpreted);
    form->addRow(
        PanelParts::noteLabel(tr("A zone typed after the time (Z, +02:00) wins over the choice above."), page));

    auto changed = [this] {
        updateZoneLabels();
        updateDateTimeInterpretation();
        scheduleReplan();
    };
    connect(m_dateTime, &QLineEdit::textChanged, this, changed);
    connect(m_zone, &QComboBox::currentIndexChanged, this, changed);
    connect(m_fixedZone, &QLineEdit::textChanged, this, changed);
    return page;
}

QWidget *ResetDialog::buildDurationPage()
{
    auto *page = new QWidget(this);
    m_duration = new QLineEdit(page);
    m_duration->setObjectName(QStringLiteral("durationEdit"));
    m_duration->setPlaceholderText(QStringLiteral("PnDTnHnMnS, e.g. PT1H30M"));
    m_duration->setText(QSettings().value(kDurationKey, QStringLiteral("PT1H")).toString());
    m_durationFeedback = new QLabel(page);
    m_durationFeedback->setWordWrap(true);
    auto *picks = new QHBoxLayout;
    const QList<std::pair<QString, QString>> quick{
        {tr("15 min"), QStringLiteral("PT15M")},
        {tr("1 h"), QStringLiteral("PT1H")},
        {tr("1 day"), QStringLiteral("P1D")},
    };
    for (const auto &[label, iso] : quick) {
        auto *button = plainButton(label, page);
        connect(button, &QPushButton::clicked, this, [this, iso] { m_duration->setText(iso); });
        picks->addWidget(button);
    }
    picks->addStretch(1);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Back by:"), m_duration);
    form->addRow(QString(), picks);
    form->addRow(m_durationFeedback);
    connect(m_duration, &QLineEdit::textChanged, this, [this] {
        updateDurationFeedback();
        scheduleReplan();
    });
    updateDurationFeedback();
    return page;
}

QWidget *ResetDialog::buildFilePage()
{
    auto *page = new QWidget(this);
    m_filePath = new QLineEdit(page);
    m_filePath->setPlaceholderText(tr("topic,partition,offset CSV"));
    auto *browse = plainButton(tr("&Browse…"), page);
    m_fileErrors = new QListWidget(page);
    m_fileErrors->setMaximumHeight(90);
    m_fileErrors->hide();
    auto *row = new QHBoxLayout;
    row->addWidget(m_filePath, 1);
    row->addWidget(browse);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    auto *fileLabel = new QLabel(tr("&File:"), page);
    fileLabel->setBuddy(m_filePath);
    form->addRow(fileLabel, row);
    form->addRow(m_fileErrors);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Reset plan"), m_filePath->text(),
                                                          tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty())
            m_filePath->setText(path); // editingFinished does not fire for programmatic text
        loadFile();
    });
    connect(m_filePath, &QLineEdit::editingFinished, this, &ResetDialog::loadFile);
    return page;
}

QWidget *ResetDialog::buildGroupPage()
{
    auto *page = new QWidget(this);
    m_fromGroup = new QComboBox(page);
    m_fromGroup->setEditable(false);
    for (const GroupInfo &group : m_snapshot.groups) {
        if (group.groupId != m_groupId)
            m_fromGroup->addItem(group.groupId);
    }
    m_onlyShared = new QCheckBox(tr("Only partitions &both groups have committed"), page);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Source &group:"), m_fromGroup);
    form->addRow(m_onlyShared);
    connect(m_fromGroup, &QComboBox::currentIndexChanged, this, &ResetDialog::scheduleReplan);
    connect(m_onlyShared, &QCheckBox::toggled, this, &ResetDialog::scheduleReplan);
    return page;
}

QWidget *ResetDialog::buildPreview()
{
    auto *widget = new QWidget(this);
    m_summary = new QLabel(widget);
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_planError = PanelParts::errorLabel(widget);
    m_planError->setObjectName(QStringLiteral("planError"));
    m_planWarnings = PanelParts::warningLabel(widget);

    auto *style = new PlanStyleProxy(this);
    style->setSourceModel(m_planModel);
    m_planProxy = new QSortFilterProxyModel(this);
    m_planProxy->setSourceModel(style);
    m_planProxy->setSortRole(ResetPlanModel::SortRole);
    m_preview = new CopyableTableView(widget);
    m_preview->setObjectName(QStringLiteral("resetPreview"));
    m_preview->setModel(m_planProxy);
    QHeaderView *header = m_preview->horizontalHeader();
    header->setDefaultSectionSize(72);
    header->resizeSection(ResetPlanModel::TopicColumn, 120);
    header->resizeSection(ResetPlanModel::PartitionColumn, 64);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ResetPlanModel::NoteColumn, QHeaderView::Stretch); // the note takes the rest
    m_preview->fitColumnsToHeaders();
    m_preview->setColumnHidden(ResetPlanModel::OutcomeColumn, true); // after fitting, which would show it again

    auto *layout = new QVBoxLayout(widget);
    layout->addWidget(m_summary);
    layout->addWidget(m_planError);
    layout->addWidget(m_planWarnings);
    layout->addWidget(m_preview, 1);
    return widget;
}

QWidget *ResetDialog::buildResult()
{
    auto *widget = new QWidget(this);
    m_resultSummary = new QLabel(widget);
    m_resultSummary->setObjectName(QStringLiteral("resultSummary"));
    m_resultSummary->setWordWrap(true);
    m_resultSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_undoButton = plainButton(tr("&Undo this reset…"), widget);
    m_undoButton->setObjectName(QStringLiteral("undoButton"));
    m_undoButton->setToolTip(tr("Preview putting back the offsets committed before this reset"));
    connect(m_undoButton, &QPushButton::clicked, this, [this] { Q_EMIT undoRequested(m_applied); });

    auto *style = new PlanStyleProxy(this);
    style->setSourceModel(m_resultModel);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(style);
    proxy->setSortRole(ResetPlanModel::SortRole);
    m_resultTable = new CopyableTableView(widget);
    m_resultTable->setModel(proxy);
    QHeaderView *header = m_resultTable->horizontalHeader();
    header->setDefaultSectionSize(88);
    header->resizeSection(ResetPlanModel::TopicColumn, 150);
    header->resizeSection(ResetPlanModel::PartitionColumn, 64);
    header->resizeSection(ResetPlanModel::OutcomeColumn, 260);
    m_resultTable->fitColumnsToHeaders();
    for (int column : {ResetPlanModel::LogStartColumn, ResetPlanModel::HighWatermarkColumn,
                       ResetPlanModel::LagBeforeColumn, ResetPlanModel::LagAfterColumn, ResetPlanModel::NoteColumn})
        m_resultTable->setColumnHidden(column, true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_resultSummary, 1);
    top->addWidget(m_undoButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(widget);
    layout->addLayout(top);
    layout->addWidget(m_resultTable, 1);
    return widget;
}

void ResetDialog::fillTopicTree()
{
    const QSignalBlocker blocker(m_topicTree);
    m_topicTree->clear();
    const GroupInfo *group = m_snapshot.findGroup(m_groupId);
    for (const TopicInfo &topic : m_snapshot.topics) {
        if (topic.isInternal)
            continue;
        auto *topicItem = new QTreeWidgetItem(m_topicTree, {topic.name});
        topicItem->setFlags(topicItem->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        topicItem->setCheckState(0, Qt::Unchecked);
        int committed = 0;
        for (const PartitionInfo &partition : topic.partitions) {
            const CommittedOffset *offset = group ? group->findOffset({topic.name, partition.partition}) : nullptr;
            const bool hasCommit = offset && offset->offset >= 0;
            committed += hasCommit ? 1 : 0;
            auto *item = new QTreeWidgetItem(topicItem, {tr("partition %1").arg(partition.partition),
                                                         hasCommit ? formatOffset(offset->offset) : tr("none")});
            item->setData(0, Qt::UserRole, partition.partition);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, Qt::Unchecked);
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        }
        topicItem->setText(1, committed > 0 ? tr("%1 of %2").arg(committed).arg(topic.partitions.size()) : tr("none"));
        topicItem->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (committed > 0) {
            QFont font = topicItem->font(0);
            font.setBold(true);
            topicItem->setFont(0, font);
        }
    }
}

void ResetDialog::filterTopicTree(const QString &text)
{
    for (int i = 0; i < m_topicTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_topicTree->topLevelItem(i);
        item->setHidden(!text.isEmpty() && !item->text(0).contains(text, Qt::CaseInsensitive));
    }
}

void ResetDialog::loadInitial(const ResetRequest &initial)
{
    QSignalBlocker blockStrategy(m_strategy);
    ResetStrategy strategy = initial.strategy;
    const bool callerChose = !(strategy == ResetStrategy{});
    if (!callerChose) {
        // A plain "reset this group" opens with the strategy chosen last time.
        const auto remembered =
            ResetStrategyKind(QSettings().value(kStrategyKey, int(ResetStrategyKind::ToLatest)).toInt());
        if (remembered != ResetStrategyKind::Explicit && remembered != ResetStrategyKind::FromFile &&
            m_strategy->findData(int(remembered)) >= 0)
            strategy.kind = remembered;
    }
    if (strategy.kind == ResetStrategyKind::Explicit) {
        m_explicitTargets = strategy.targets;
        m_strategy->addItem(tr("Explicit targets"), int(ResetStrategyKind::Explicit));
        m_explicitNote->setText(tr("%1 with targets from the visualiser (read-only). Each is clamped to "
                                   "[log start, HW].")
                                    .arg(formatCountOf(m_explicitTargets.size(), tr("partition"), tr("partitions"))));
    }
    switch (strategy.kind) {
    case ResetStrategyKind::ToOffset:
        if (callerChose)
            m_offset->setText(QString::number(strategy.offset));
        break;
    case ResetStrategyKind::ShiftBy:
        if (callerChose)
            m_shift->setText(QString::number(strategy.offset));
        break;
    case ResetStrategyKind::ToDateTime:
        if (callerChose) {
            // Written in UTC with its zone so that the text cannot be read in another zone.
            m_zone->setCurrentIndex(m_zone->findData(QStringLiteral("utc")));
            m_dateTime->setText(QDateTime::fromMSecsSinceEpoch(strategy.timestampMs, QTimeZone::utc())
                                    .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")));
        }
        break;
    case ResetStrategyKind::ByDuration:
        if (callerChose)
            m_duration->setText(formatIsoDuration(strategy.durationMs));
        break;
    case ResetStrategyKind::FromFile:
        m_fileTargets = strategy.targets;
        m_filePath->setPlaceholderText(tr("%1 given rows").arg(strategy.targets.size()));
        break;
    case ResetStrategyKind::FromGroup:
        m_fromGroup->setCurrentIndex(qMax(0, m_fromGroup->findText(strategy.fromGroup)));
        m_onlyShared->setChecked(strategy.onlySharedPartitions);
        break;
    default:
        break;
    }
    if (m_dateTime->text().isEmpty()) {
        // A starting point the user edits: an hour ago, in the zone shown next to it.
        std::optional<ResetTimeZone> zone = chosenZone(nullptr);
        QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
        if (zone && zone->kind == ResetTimeZone::Kind::Local)
            start = start.toLocalTime();
        else if (zone && zone->kind == ResetTimeZone::Kind::Fixed)
            start = start.toOffsetFromUtc(zone->offsetSeconds);
        m_dateTime->setText(start.toString(QStringLiteral("yyyy-MM-ddTHH:mm:00")));
    }

    if (!initial.scope.allTopics) {
        m_chosenTopics->setChecked(true);
        const QSignalBlocker blockTree(m_topicTree);
        for (const TopicSelection &selection : initial.scope.topics) {
            const QList<QTreeWidgetItem *> found = m_topicTree->findItems(selection.topic, Qt::MatchExactly);
            if (found.isEmpty())
                continue;
            QTreeWidgetItem *topicItem = found.first();
            if (selection.partitions.isEmpty()) {
                topicItem->setCheckState(0, Qt::Checked);
                continue;
            }
            for (int i = 0; i < topicItem->childCount(); ++i) {
                QTreeWidgetItem *child = topicItem->child(i);
                if (selection.partitions.contains(child->data(0, Qt::UserRole).toInt()))
                    child->setCheckState(0, Qt::Checked);
            }
        }
    }
    const int index = m_strategy->findData(int(strategy.kind));
    m_strategy->setCurrentIndex(-1);
    blockStrategy.unblock(); // the page switch below must run its handler
    m_strategy->setCurrentIndex(qMax(0, index));
    m_debounce->stop();
    updateDateTimeInterpretation();
}

ResetStrategyKind ResetDialog::chosenKind() const
{
    return ResetStrategyKind(m_strategy->currentData().toInt());
}

std::optional<ResetTimeZone> ResetDialog::chosenZone(QString *error) const
{
    const QString key = m_zone->currentData().toString();
    if (key == QLatin1String("local"))
        return ResetTimeZone{ResetTimeZone::Kind::Local, 0};
    if (key == QLatin1String("utc"))
        return ResetTimeZone{ResetTimeZone::Kind::Utc, 0};
    std::optional<ResetTimeZone> fixed = parseResetTimeZone(m_fixedZone->text().trimmed());
    if (!fixed || fixed->kind != ResetTimeZone::Kind::Fixed) {
        // "+00:00" may come back as UTC: that is still a fixed offset the user typed.
        if (fixed && fixed->kind == ResetTimeZone::Kind::Utc)
            return fixed;
        if (error)
            *error = tr("Type the fixed offset as +hh:mm or -hh:mm.");
        return std::nullopt;
    }
    return fixed;
}

void ResetDialog::updateZoneLabels()
{
    m_zone->setItemText(0, ResetTimeZone{ResetTimeZone::Kind::Local, 0}.displayName());
    m_fixedZone->setEnabled(m_zone->currentData().toString() == QLatin1String("fixed"));
}

void ResetDialog::updateDateTimeInterpretation()
{
    QString zoneError;
    const std::optional<ResetTimeZone> zone = chosenZone(&zoneError);
    QPalette palette = m_interpreted->palette();
    if (!zone) {
        m_interpreted->setText(zoneError);
        palette.setColor(QPalette::WindowText, HealthProxyModel::foregroundFor(2, QApplication::palette()));
    } else {
        const ParsedResetTime parsed = parseResetDateTime(m_dateTime->text().trimmed(), zone);
        if (parsed.msSinceEpoch) {
            m_interpreted->setText(tr("Read as %1").arg(parsed.interpretedAs));
            palette.setColor(QPalette::WindowText, QApplication::palette().color(QPalette::WindowText));
        } else {
            m_interpreted->setText(parsed.error);
            palette.setColor(QPalette::WindowText, HealthProxyModel::foregroundFor(2, QApplication::palette()));
        }
    }
    m_interpreted->setPalette(palette);
}

void ResetDialog::updateDurationFeedback()
{
    const ParsedDuration parsed = parseResetDuration(m_duration->text().trimmed());
    QPalette palette = m_durationFeedback->palette();
    if (parsed.ms) {
        const QDateTime from = QDateTime::currentDateTime().addMSecs(-*parsed.ms);
        m_durationFeedback->setText(tr("From about %1 (local time) on; the exact time is fixed when the preview is "
                                       "made.")
                                        .arg(from.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
        palette.setColor(QPalette::WindowText, QApplication::palette().color(QPalette::PlaceholderText));
    } else {
        m_durationFeedback->setText(parsed.error);
        palette.setColor(QPalette::WindowText, HealthProxyModel::foregroundFor(2, QApplication::palette()));
    }
    m_durationFeedback->setPalette(palette);
}

void ResetDialog::loadFile()
{
    m_fileErrors->clear();
    m_fileTargets.clear();
    const QString path = m_filePath->text().trimmed();
    QStringList problems;
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            problems.append(tr("Cannot read %1: %2").arg(path, file.errorString()));
        } else {
            const ResetFileParse parsed = parseResetFile(file.readAll(), m_groupId);
            problems = parsed.errors;
            if (parsed.errors.isEmpty())
                m_fileTargets = parsed.targets;
            for (const QString &warning : parsed.warnings)
                m_fileErrors->addItem(warning);
        }
    }
    for (const QString &problem : problems) {
        auto *item = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxCritical), problem);
        m_fileErrors->addItem(item);
    }
    m_fileErrors->setVisible(m_fileErrors->count() > 0);
    m_filePath->setProperty("fileProblems", problems.size());
    scheduleReplan();
}

bool ResetDialog::requestFromControls(ResetRequest *request, QString *inputError)
{
    ResetRequest r;
    r.groupId = m_groupId;
    const ResetStrategyKind kind = chosenKind();
    r.strategy.kind = kind;
    const bool ownScope = kind == ResetStrategyKind::FromFile || kind == ResetStrategyKind::Explicit;
    if (!ownScope && m_chosenTopics->isChecked()) {
        r.scope.allTopics = false;
        for (int i = 0; i < m_topicTree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *topicItem = m_topicTree->topLevelItem(i);
            if (topicItem->checkState(0) == Qt::Checked) {
                r.scope.topics.append({topicItem->text(0), {}});
            } else if (topicItem->checkState(0) == Qt::PartiallyChecked) {
                TopicSelection selection{topicItem->text(0), {}};
                for (int c = 0; c < topicItem->childCount(); ++c) {
                    if (topicItem->child(c)->checkState(0) == Qt::Checked)
                        selection.partitions.append(topicItem->child(c)->data(0, Qt::UserRole).toInt());
                }
                r.scope.topics.append(selection);
            }
        }
        if (r.scope.topics.isEmpty()) {
            *inputError = tr("Tick at least one topic or partition, or choose all topics.");
            return false;
        }
    }

    switch (kind) {
    case ResetStrategyKind::ToEarliest:
    case ResetStrategyKind::ToLatest:
    case ResetStrategyKind::ToCurrent:
        break;
    case ResetStrategyKind::ToOffset:
    case ResetStrategyKind::ShiftBy: {
        const QString text = (kind == ResetStrategyKind::ToOffset ? m_offset : m_shift)->text().trimmed();
        bool ok = false;
        r.strategy.offset = text.toLongLong(&ok);
        if (!ok) {
            *inputError = text.isEmpty() || text == QLatin1String("-") || text == QLatin1String("+")
                              ? (kind == ResetStrategyKind::ToOffset ? tr("Type the offset to reset to.")
                                                                     : tr("Type how far to shift (±N)."))
                              : tr("%1 is not a 64-bit number.").arg(text);
            return false;
        }
        break;
    }
    case ResetStrategyKind::ToDateTime: {
        QString zoneError;
        const std::optional<ResetTimeZone> zone = chosenZone(&zoneError);
        if (!zone) {
            *inputError = zoneError;
            return false;
        }
        const ParsedResetTime parsed = parseResetDateTime(m_dateTime->text().trimmed(), zone);
        if (!parsed.msSinceEpoch) {
            *inputError = parsed.error;
            return false;
        }
        r.strategy.timestampMs = *parsed.msSinceEpoch;
        break;
    }
    case ResetStrategyKind::ByDuration: {
        const ParsedDuration parsed = parseResetDuration(m_duration->text().trimmed());
        if (!parsed.ms) {
            *inputError = parsed.error;
            return false;
        }
        r.strategy.durationMs = *parsed.ms;
        // `now` is fixed per choice: re-planning the same choice on a fresher snapshot must look up the same time.
        const bool sameChoice = m_request.strategy.kind == ResetStrategyKind::ByDuration &&
                                m_request.strategy.durationMs == r.strategy.durationMs && m_request.scope == r.scope &&
                                m_request.now.isValid();
        r.now = sameChoice ? m_request.now : QDateTime::currentDateTimeUtc();
        break;
    }
    case ResetStrategyKind::FromFile:
        if (m_fileTargets.isEmpty()) {
            *inputError = m_filePath->property("fileProblems").toInt() > 0
                              ? tr("The file has errors (listed above).")
                              : tr("Choose a CSV file with topic,partition,offset rows.");
            return false;
        }
        r.strategy.targets = m_fileTargets;
        break;
    case ResetStrategyKind::FromGroup:
        if (m_fromGroup->currentText().isEmpty()) {
            *inputError = tr("The cluster has no other group to copy from.");
            return false;
        }
        r.strategy.fromGroup = m_fromGroup->currentText();
        r.strategy.onlySharedPartitions = m_onlyShared->isChecked();
        break;
    case ResetStrategyKind::Explicit:
        r.strategy.targets = m_explicitTargets;
        break;
    }
    *request = r;
    return true;
}

void ResetDialog::scheduleReplan()
{
    m_banner->hide();
    m_debounce->start();
}

void ResetDialog::replan(bool force)
{
    m_debounce->stop();
    ResetRequest request;
    QString inputError;
    const bool valid = requestFromControls(&request, &inputError);
    m_inputError->setText(inputError);
    m_inputError->setVisible(!inputError.isEmpty());
    if (!valid) {
        m_requestValid = false;
        m_havePlan = false;
        m_planModel->setPlan(ResetPlan{});
        updateSummary();
        updateActions();
        return;
    }
    const bool changed = !m_requestValid || !(request == m_request);
    if (!changed && !force)
        return;
    m_request = request;
    m_requestValid = true;
    if (changed)
        m_havePlan = false; // until the answer arrives, the old preview is not what Apply would write
    rememberChoices();
    updateSummary();
    updateActions();
    Q_EMIT planRequested(m_request);
}

void ResetDialog::rememberChoices() const
{
    QSettings settings;
    if (chosenKind() != ResetStrategyKind::Explicit)
        settings.setValue(kStrategyKey, int(chosenKind()));
    settings.setValue(kZoneKey, m_zone->currentData().toString());
    if (m_zone->currentData().toString() == QLatin1String("fixed"))
        settings.setValue(kFixedZoneKey, m_fixedZone->text().trimmed());
    if (chosenKind() == ResetStrategyKind::ByDuration)
        settings.setValue(kDurationKey, m_duration->text().trimmed());
}

void ResetDialog::setSnapshot(const ClusterSnapshot &snapshot)
{
    m_snapshot = snapshot;
    updateHeader();
    const QString source = m_fromGroup->currentText();
    {
        const QSignalBlocker blocker(m_fromGroup);
        m_fromGroup->clear();
        for (const GroupInfo &group : m_snapshot.groups) {
            if (group.groupId != m_groupId)
                m_fromGroup->addItem(group.groupId);
        }
        if (const int index = m_fromGroup->findText(source); index >= 0)
            m_fromGroup->setCurrentIndex(index);
    }
    replan(true);
}

void ResetDialog::setPlan(const ResetPlan &plan)
{
    if (!m_requestValid || !(plan.request == m_request))
        return; // an answer to a request the user has since changed
    m_plan = plan;
    m_havePlan = true;
    m_planModel->setPlan(plan);
    updateSummary();
    updateActions();
}

void ResetDialog::setPermission(const ResetPermission &permission)
{
    m_permission = permission;
    m_permissionKnown = true;
    m_permissionPanel->setPermission(permission);
    updateActions();
}

void ResetDialog::setApplyProgress(const QString &step)
{
    m_applying = true;
    m_progressText->setText(step);
    m_progressRow->show();
    updateActions();
}

void ResetDialog::setApplyResult(const ResetApplyResult &result)
{
    m_applying = false;
    m_progressRow->hide();
    switch (result.kind) {
    case ResetApplyResult::Kind::Applied: {
        m_applied = result.freshPlan;
        m_resultModel->setPlan(result.freshPlan);
        m_resultModel->setWriteReport(result.report);
        const bool ok = result.report.succeeded();
        const QString summary = result.report.summary();
        m_resultSummary->setText(ok ? tr("Applied to %1 on %2: %3")
                                          .arg(result.freshPlan.request.groupId, result.freshPlan.clusterName, summary)
                                    : tr("PARTIAL FAILURE on %1: %2. The rows below say which partitions were not "
                                         "written; nothing was rolled back.")
                                          .arg(result.freshPlan.request.groupId, summary));
        QPalette palette = m_resultSummary->palette();
        palette.setColor(QPalette::WindowText, ok ? QApplication::palette().color(QPalette::WindowText)
                                                  : HealthProxyModel::foregroundFor(2, QApplication::palette()));
        m_resultSummary->setPalette(palette);
        m_tabs->setTabEnabled(1, true);
        m_tabs->setCurrentIndex(1);
        setBanner(ok ? tr("Reset applied: %1.").arg(summary) : tr("Reset partly failed: %1.").arg(summary), ok ? 0 : 2);
        // The preview is stale now: the next refresh plans again, from the new committed offsets.
        m_havePlan = false;
        break;
    }
    case ResetApplyResult::Kind::Moved:
        m_permission = result.permission;
        m_permissionKnown = true;
        m_permissionPanel->setPermission(result.permission);
        m_plan = result.freshPlan;
        m_havePlan = m_requestValid && result.freshPlan.request == m_request;
        m_planModel->setPlan(result.freshPlan);
        m_tabs->setCurrentIndex(0);
        setBanner(tr("The offsets moved since the preview: nothing was written. Check the new preview below before "
                     "applying again."),
                  1);
        break;
    case ResetApplyResult::Kind::Refused:
        setPermission(result.permission);
        setBanner(tr("Refused, nothing was written: %1").arg(result.permission.reason), 2);
        break;
    case ResetApplyResult::Kind::Failed:
        setBanner(tr("Nothing was written: %1").arg(result.error.isEmpty() ? result.summary() : result.error), 2);
        break;
    case ResetApplyResult::Kind::Cancelled:
        setBanner(tr("Cancelled before the write: nothing was written."), 1);
        break;
    }
    updateSummary();
    updateActions();
}

void ResetDialog::setBanner(const QString &text, int health)
{
    const QPalette palette = QApplication::palette();
    const QColor background = health > 0 ? HealthProxyModel::backgroundFor(health, palette)
                                         : palette.color(QPalette::AlternateBase).darker(106);
    m_banner->setStyleSheet(QStringLiteral("QLabel#resetBanner { background: %1; color: %2; border-radius: 6px; "
                                           "padding: 6px 10px; font-weight: bold; }")
                                .arg(background.name(), palette.color(QPalette::Text).name()));
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void ResetDialog::updateHeader()
{
    m_title->setText(tr("Reset offsets of %1").arg(m_groupId));
    const GroupInfo *group = m_snapshot.findGroup(m_groupId);
    const GroupState state = group ? group->state : GroupState::Unknown;
    const bool writable = !group || state == GroupState::Empty || state == GroupState::Dead;
    PanelParts::setBadge(m_stateBadge, group ? groupStateName(state) : tr("no such group yet"), writable ? 0 : 2);
    QList<std::pair<QString, QString>> facts{
        PanelParts::clusterFact(m_snapshot),
        {tr("Group"), m_groupId},
        {tr("State"), group ? groupStateName(state) : tr("does not exist (it will be created)")},
        {tr("Members"), group ? formatCount(group->members.size()) : QStringLiteral("0")},
    };
    if (m_snapshot.isValid())
        facts.append({tr("Refreshed"), m_snapshot.takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))});
    m_facts->setText(PanelParts::factsHtml(facts));
    QStringList members;
    if (group) {
        for (const GroupMember &member : group->members) {
            if (members.size() == kMembersShown) {
                members.append(tr("… and %1 more").arg(group->members.size() - kMembersShown));
                break;
            }
            members.append(tr("%1 (client id %2, host %3)")
                               .arg(member.memberId, member.clientId.isEmpty() ? QStringLiteral("-") : member.clientId,
                                    member.host.isEmpty() ? QStringLiteral("-") : member.host));
        }
    }
    m_members->setText(members.isEmpty() ? QString() : tr("Members: %1").arg(members.join(QStringLiteral(" · "))));
    m_members->setVisible(!members.isEmpty());
}

QString ResetDialog::summaryText() const
{
    return m_summary->text();
}

void ResetDialog::updateSummary()
{
    PanelParts::setError(m_planError, QString());
    PanelParts::setError(m_planWarnings, QString());
    if (!m_requestValid) {
        m_summary->setText(tr("No preview: %1").arg(m_inputError->text()));
        return;
    }
    if (!m_havePlan) {
        m_summary->setText(tr("Updating the preview…"));
        return;
    }
    if (!m_plan.isValid()) {
        m_summary->setText(tr("This reset cannot be planned; kafka-consumer-groups would refuse it too."));
        QStringList lines{m_plan.error};
        for (const QString &detail : m_plan.errorDetails)
            lines.append(QStringLiteral("  • ") + detail);
        PanelParts::setError(m_planError, lines.join(QLatin1Char('\n')));
        return;
    }
    const ResetPlanSummary s = m_plan.summary();
    QStringList parts;
    parts.append(tr("%1 of %2 change")
                     .arg(formatCount(s.changed), formatCountOf(s.partitions, tr("partition"), tr("partitions"))));
    parts.append(tr("total lag %1 → %2").arg(formatCount(s.lagBefore), formatCount(s.lagAfter)));
    parts.append(tr("%1 re-consumed").arg(formatCountOf(s.reconsumed, tr("message"), tr("messages"))));
    parts.append(tr("%1 skipped").arg(formatCountOf(s.skipped, tr("message"), tr("messages"))));
    if (s.clamped > 0)
        parts.append(tr("%1 clamped").arg(formatCount(s.clamped)));
    if (s.failed > 0)
        parts.append(tr("%1 failed (not written)").arg(formatCount(s.failed)));
    if (s.withoutCommitBefore > 0)
        parts.append(tr("%1 without a commit before").arg(formatCount(s.withoutCommitBefore)));
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    PanelParts::setError(m_planWarnings, m_plan.warnings.join(QLatin1Char('\n')));
}

void ResetDialog::updateActions()
{
    qsizetype writable = 0;
    for (const ResetPlanRow &row : m_plan.rows)
        writable += row.writable() ? 1 : 0;
    const bool current = m_requestValid && planIsCurrent();
    QString whyNot;
    if (m_applying)
        whyNot = tr("An apply is running.");
    else if (!m_requestValid)
        whyNot = tr("Complete the strategy first: %1").arg(m_inputError->text());
    else if (!current)
        whyNot = tr("Waiting for the preview.");
    else if (!m_plan.isValid())
        whyNot = tr("The plan failed: %1").arg(m_plan.error);
    else if (writable == 0)
        whyNot = tr("No partition of this plan can be written.");
    else if (!m_permissionKnown)
        whyNot = tr("Waiting for the check whether the group may be reset.");
    else if (!m_permission.allowed)
        whyNot = m_permission.reason.isEmpty() ? tr("The group may not be reset now.") : m_permission.reason;
    m_applyButton->setEnabled(whyNot.isEmpty());
    m_applyButton->setToolTip(
        whyNot.isEmpty()
            ? tr("Write %1 after a final confirmation").arg(formatCountOf(writable, tr("partition"), tr("partitions")))
            : whyNot);
    m_exportButton->setEnabled(current && m_plan.isValid());
    m_commandButton->setEnabled(current);
    m_closeButton->setEnabled(!m_applying);
    for (QWidget *w : {static_cast<QWidget *>(m_strategy), static_cast<QWidget *>(m_pages)})
        w->setEnabled(!m_applying);
    m_undoButton->setEnabled(!m_applying);
}

void ResetDialog::confirmAndApply()
{
    if (!m_applyButton->isEnabled())
        return;
    qsizetype writable = 0;
    for (const ResetPlanRow &row : m_plan.rows)
        writable += row.writable() ? 1 : 0;
    const QString cluster = m_plan.clusterName.isEmpty() ? clusterNameOf(m_snapshot) : m_plan.clusterName;
    const ResetPlanSummary s = m_plan.summary();
    QMessageBox box(QMessageBox::Warning, tr("Reset offsets?"),
                    tr("Reset the committed offsets of group \"%1\" on cluster \"%2\": %3 will be written.")
                        .arg(m_groupId, cluster, formatCountOf(writable, tr("partition"), tr("partitions"))),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("resetConfirmation"));
    box.setInformativeText(tr("%1 will be consumed again, %2 skipped. The state and offsets are checked once more "
                              "right before writing; the previous offsets are kept for an undo.")
                               .arg(formatCountOf(s.reconsumed, tr("message"), tr("messages")),
                                    formatCountOf(s.skipped, tr("message"), tr("messages"))));
    QPushButton *reset = box.addButton(tr("&Reset %1").arg(formatCountOf(writable, tr("partition"), tr("partitions"))),
                                       QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != reset)
        return;
    setApplyProgress(tr("Checking the group once more and writing…"));
    Q_EMIT applyRequested(m_plan);
}

bool ResetDialog::exportPlanTo(const QString &path, QString *error)
{
    if (!planIsCurrent() || !m_plan.isValid()) {
        if (error)
            *error = tr("There is no valid preview to export.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(exportResetCsv({m_plan})) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ResetDialog::exportPlan()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export reset plan"), QStringLiteral("%1-reset.csv").arg(m_groupId),
                                     tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportPlanTo(path, &error))
        QMessageBox::warning(this, tr("Export reset plan"), tr("Could not write %1: %2").arg(path, error));
}

void ResetDialog::copyCommand()
{
    if (!planIsCurrent())
        return;
    QApplication::clipboard()->setText(referenceDryRunCommand(m_plan, m_snapshot.bootstrapServers));
    setBanner(tr("Copied the equivalent kafka-consumer-groups.sh --dry-run command."), 0);
}

void ResetDialog::reject()
{
    // Closing while the write runs would leave its outcome unseen; Cancel apply is the way out.
    if (m_applying)
        return;
    QDialog::reject();
}

} // namespace OffsetLens
