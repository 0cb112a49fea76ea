#pragma once

#include "groupdelete.h"
#include "resetsafety.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace OffsetLens {

class FilterLineEdit;
class PermissionPanel;

// Deletes a group's committed offsets for chosen topics (DeleteConsumerGroupOffsets): a picker of the topics the
// group has commits for, the rows that will go, the refusal when the group is active, a final confirmation and the
// per-partition outcome. The dialog writes nothing itself: it emits deleteRequested and shows setResult.
class DeleteOffsetsDialog : public QDialog
{
    Q_OBJECT

public:
    DeleteOffsetsDialog(const ClusterSnapshot &snapshot, const QString &groupId, const QStringList &initialTopics = {},
                        QWidget *parent = nullptr);

    void setSnapshot(const ClusterSnapshot &snapshot); // header and preview follow; the ticked topics stay
    void setPermission(const ResetPermission &permission);
    void setProgress(const QString &step);
    void setResult(const DeleteOffsetsResult &result);
    DeleteOffsetsRequest currentRequest() const;

    QTableWidget *previewTable() const { return m_preview; }
    QListWidget *topicList() const { return m_topics; }
    QPushButton *deleteButton() const { return m_deleteButton; }
    QString permissionText() const;

    void reject() override;

Q_SIGNALS:
    void deleteRequested(const OffsetLens::DeleteOffsetsRequest &request);
    void cancelRequested();

private:
    void fillTopics(const QStringList &checked);
    void updateHeader();
    void updatePreview();
    void updateActions();
    void confirmAndDelete();

    ClusterSnapshot m_snapshot;
    QString m_groupId;
    ResetPermission m_permission;
    bool m_permissionKnown = false;
    bool m_running = false;
    bool m_showingResult = false;

    QLabel *m_title;
    QLabel *m_facts;
    PermissionPanel *m_permissionPanel;
    FilterLineEdit *m_filter;
    QListWidget *m_topics;
    QLabel *m_summary;
    QTableWidget *m_preview;
    QWidget *m_progressRow;
    QLabel *m_progressText;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_deleteButton;
    QPushButton *m_closeButton;
};

} // namespace OffsetLens
