#pragma once

#include "resetplan.h"
#include "resetresult.h"
#include "resetsafety.h"
#include "resettime.h"

#include <QDialog>
#include <QFrame>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace OffsetLens {

class CopyableTableView;
class FilterLineEdit;
class ResetPlanModel;

// Why a write is refused (prominent: a warning frame with the reason, who is consuming and how to stop them), or
// the warnings of an allowed one. Hidden when the write is allowed without warnings. Shared by the reset and the
// delete dialogs.
class PermissionPanel : public QFrame
{
    Q_OBJECT

public:
    explicit PermissionPanel(QWidget *parent = nullptr);
    void setPermission(const ResetPermission &permission);
    QString text() const; // everything the panel says, for tests and screen readers

private:
    QLabel *m_title;
    QLabel *m_body;
};

// Resets one consumer group's committed offsets with a live preview: kafka-consumer-groups --reset-offsets' scopes
// and strategies, the plan per partition before anything is written, the refusal when the group is active, a final
// confirmation, and the per-partition outcome afterwards. The dialog plans nothing itself: it asks for plans
// (planRequested) and shows the ones it is given, so planning and writing stay off the GUI thread.
class ResetDialog : public QDialog
{
    Q_OBJECT

public:
    // snapshot: the cluster as last refreshed; initial: the pre-filled request (its group is the one reset).
    ResetDialog(const ClusterSnapshot &snapshot, const ResetRequest &initial, QWidget *parent = nullptr);

    // A new refresh: the header updates and the same request is planned again; the user's choices stay.
    void setSnapshot(const ClusterSnapshot &snapshot);
    // The answer to planRequested; ignored unless plan.request is the current request.
    void setPlan(const ResetPlan &plan);
    void setPermission(const ResetPermission &permission);
    void setApplyProgress(const QString &step);
    void setApplyResult(const ResetApplyResult &result);
    ResetRequest currentRequest() const { return m_request; }

    // The shown plan as the CLI's CSV (what "Export plan…" writes after asking for the path).
    bool exportPlanTo(const QString &path, QString *error = nullptr);
    ResetPlanModel *planModel() const { return m_planModel; }
    ResetPlanModel *resultModel() const { return m_resultModel; }
    CopyableTableView *previewTable() const { return m_preview; }
    QString summaryText() const;
    QPushButton *applyButton() const { return m_applyButton; }

    void reject() override;

Q_SIGNALS:
    void planRequested(const OffsetLens::ResetRequest &request);
    void applyRequested(const OffsetLens::ResetPlan &plan);
    void cancelApplyRequested();
    void undoRequested(const OffsetLens::ResetPlan &applied);

private:
    QWidget *buildHeader();
    QWidget *buildScope();
    QWidget *buildStrategy();
    QWidget *buildPreview();
    QWidget *buildResult();
    QWidget *buildDateTimePage();
    QWidget *buildDurationPage();
    QWidget *buildFilePage();
    QWidget *buildGroupPage();

    void fillTopicTree();
    void filterTopicTree(const QString &text);
    void loadInitial(const ResetRequest &initial);
    void scheduleReplan();
    void replan(bool force);
    // The request the controls say, or why they do not say one yet (the inline error).
    bool requestFromControls(ResetRequest *request, QString *inputError);
    std::optional<ResetTimeZone> chosenZone(QString *error) const;
    void updateZoneLabels();
    void updateDateTimeInterpretation();
    void updateDurationFeedback();
    void loadFile();
    void updateHeader();
    void updateSummary();
    void updateActions();
    void setBanner(const QString &text, int health);
    void confirmAndApply();
    void exportPlan();
    void copyCommand();
    void rememberChoices() const;
    ResetStrategyKind chosenKind() const;
    bool planIsCurrent() const { return m_plan.request == m_request && m_havePlan; }

    ClusterSnapshot m_snapshot;
    QString m_groupId;
    ResetRequest m_request;
    bool m_requestValid = false;
    ResetPlan m_plan;
    bool m_havePlan = false;
    ResetPermission m_permission;
    bool m_permissionKnown = false;
    bool m_applying = false;
    ResetPlan m_applied;
    QList<OffsetTarget> m_explicitTargets;
    QList<OffsetTarget> m_fileTargets;
    QTimer *m_debounce;

    // header
    QLabel *m_title;
    QLabel *m_stateBadge;
    QLabel *m_facts;
    QLabel *m_members;
    // scope
    QRadioButton *m_allTopics;
    QRadioButton *m_chosenTopics;
    FilterLineEdit *m_topicFilter;
    QTreeWidget *m_topicTree;
    QLabel *m_scopeNote;
    // strategy
    QComboBox *m_strategy;
    QStackedWidget *m_pages;
    QLineEdit *m_offset;
    QLineEdit *m_shift;
    QLineEdit *m_dateTime;
    QComboBox *m_zone;
    QLineEdit *m_fixedZone;
    QLabel *m_interpreted;
    QLineEdit *m_duration;
    QLabel *m_durationFeedback;
    QLineEdit *m_filePath;
    QListWidget *m_fileErrors;
    QComboBox *m_fromGroup;
    QCheckBox *m_onlyShared;
    QLabel *m_explicitNote;
    QLabel *m_inputError;
    // preview
    QTabWidget *m_tabs;
    ResetPlanModel *m_planModel;
    QSortFilterProxyModel *m_planProxy;
    CopyableTableView *m_preview;
    QLabel *m_summary;
    QLabel *m_planError;
    QLabel *m_planWarnings;
    // result
    ResetPlanModel *m_resultModel;
    CopyableTableView *m_resultTable;
    QLabel *m_resultSummary;
    QPushButton *m_undoButton;
    // safety, progress and actions
    PermissionPanel *m_permissionPanel;
    QLabel *m_banner;
    QWidget *m_progressRow;
    QLabel *m_progressText;
    QProgressBar *m_progress;
    QPushButton *m_cancelApply;
    QPushButton *m_exportButton;
    QPushButton *m_commandButton;
    QPushButton *m_applyButton;
    QPushButton *m_closeButton;
};

} // namespace OffsetLens
