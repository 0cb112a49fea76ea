#pragma once

#include "peekmessage.h"

#include <QDialog>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace OffsetLens {

class PeekTableModel;

// The offsets of a partition the anchor can be chosen from; kNoOffset where unknown (no commit, no refresh yet).
struct PeekAnchors
{
    qint64 committed = kNoOffset;
    qint64 logStart = kNoOffset;
    qint64 highWatermark = kNoOffset;
};

// Message peek: choose an anchor (committed offset, HW - 1, log start or typed) and how many messages around it,
// then the messages in a table and the selected one in Text / JSON / Hex with its headers. The view only asks
// (peekRequested, cancelRequested) and shows; whoever owns the Kafka session runs the read.
class PeekView : public QWidget
{
    Q_OBJECT
public:
    enum class Anchor
    {
        Committed,
        LastMessage,
        LogStart,
        Typed
    };
    enum DetailTab
    {
        TextTab,
        JsonTab,
        HexTab
    };

    explicit PeekView(QWidget *parent = nullptr);

    // `initial`: the offset to start from (e.g. the committed offset the user clicked); kNoOffset picks the
    // committed offset when known, else HW - 1.
    void setPartition(const TopicPartition &tp, const PeekAnchors &anchors, qint64 initial = kNoOffset);
    PeekRequest request() const;

    void setRunning(bool running, const QString &step = {});
    void showResult(const PeekResult &result);

    QTableView *table() const { return m_table; }
    QTabWidget *detailTabs() const { return m_tabs; }
    QString detailText(DetailTab tab) const;
    QString statusText() const;
    QPushButton *peekButton() const { return m_peek; }
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void peekRequested(const OffsetLens::PeekRequest &request);
    void cancelRequested();

private:
    void anchorChosen();
    void showDetail(const QModelIndex &current);

    TopicPartition m_tp;
    PeekAnchors m_anchors;
    QLabel *m_title;
    QComboBox *m_anchor;
    QLineEdit *m_offset;
    QSpinBox *m_before;
    QSpinBox *m_after;
    QPushButton *m_peek;
    QPushButton *m_cancel;
    QLabel *m_status;
    PeekTableModel *m_model;
    QTableView *m_table;
    QLabel *m_detailInfo;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_text;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_hex;
    QTableWidget *m_headers;
};

// A non-modal window around a PeekView; closing it drops (cancels) a read still running.
class PeekDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PeekDialog(QWidget *parent = nullptr);
    PeekView *view() const { return m_view; }

private:
    PeekView *m_view;
};

} // namespace OffsetLens
