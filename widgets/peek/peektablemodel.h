#pragma once

#include "peekmessage.h"

#include <QAbstractTableModel>

namespace OffsetLens {

// The peeked messages as a table: offset, timestamp, key, a one-line preview of the value, its size, headers.
// Previews are computed once when the messages are set, and are bounded, so painting never touches a whole value.
class PeekTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Offset,
        Timestamp,
        Key,
        Value,
        Size,
        Headers,
        ColumnCount
    };

    explicit PeekTableModel(QObject *parent = nullptr);

    void setMessages(const QList<PeekedMessage> &messages, qint64 anchor);
    const PeekedMessage *message(int row) const;
    int rowOf(qint64 offset) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        PeekedMessage message;
        QString timestamp;
        QString key;
        QString value;
        QString size;
    };
    QList<Row> m_rows;
    qint64 m_anchor = kNoOffset;
};

} // namespace OffsetLens
