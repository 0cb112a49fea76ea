#pragma once

#include "snapshot.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace OffsetLens {

// Beside the visualiser's plot: whose offsets a drag moves (or why they cannot move), the pending edits, an exact
// offset for the current lane, and undo / discard / "Review & apply…".
class EditsPanel : public QWidget
{
    Q_OBJECT
public:
    struct Row
    {
        TopicPartition tp;
        qint64 committed = kNoOffset; // now (kNoOffset: no commit)
        qint64 target = kNoOffset;
    };

    explicit EditsPanel(QWidget *parent = nullptr);

    void setStatus(const QString &text, bool editable);
    void setRows(const QList<Row> &rows);
    // The current lane, for the exact-offset field (disabled when the marker cannot move).
    void setCurrentLane(const QString &label, std::optional<qint64> value, bool enabled);
    void setCanUndo(bool canUndo);

    QLineEdit *offsetEdit() const { return m_offset; }
    QPushButton *reviewButton() const { return m_review; }
    QPushButton *undoButton() const { return m_undo; }
    QTreeWidget *list() const { return m_list; }

Q_SIGNALS:
    void undoRequested();
    void discardRequested();
    void reviewRequested();
    void offsetEntered(qint64 offset);
    void rowActivated(const OffsetLens::TopicPartition &tp);

private:
    void submitOffset();

    QLabel *m_status;
    QTreeWidget *m_list;
    QLabel *m_total;
    QLabel *m_laneLabel;
    QLineEdit *m_offset;
    QPushButton *m_set;
    QPushButton *m_undo;
    QPushButton *m_discard;
    QPushButton *m_review;
};

} // namespace OffsetLens
