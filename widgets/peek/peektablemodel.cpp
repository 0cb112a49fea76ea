#include "peektablemodel.h"

#include "peekformat.h"

#include <QFont>

namespace OffsetLens {

namespace {

constexpr qsizetype kPreviewChars = 160;

QString preview(const QByteArray &bytes, qint64 realSize, bool isNull)
{
    if (isNull)
        return PeekTableModel::tr("(null)");
    if (looksBinary(bytes))
        return PeekTableModel::tr("(binary, %1)").arg(peekSize(realSize, bytes.size(), false));
    return peekText(bytes, false, kPreviewChars);
}

} // namespace

PeekTableModel::PeekTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PeekTableModel::setMessages(const QList<PeekedMessage> &messages, qint64 anchor)
{
    beginResetModel();
    m_anchor = anchor;
    m_rows.clear();
    m_rows.reserve(messages.size());
    for (const PeekedMessage &m : messages) {
        m_rows.append({m, peekTimestamp(m.timestampMs, m.timestampType), preview(m.key, m.keySize, m.keyIsNull),
                       preview(m.value, m.valueSize, m.valueIsNull),
                       peekSize(m.valueSize, m.value.size(), m.valueIsNull)});
    }
    endResetModel();
}

const PeekedMessage *PeekTableModel::message(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).message : nullptr;
}

int PeekTableModel::rowOf(qint64 offset) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).message.offset == offset)
            return row;
    }
    return -1;
}

int PeekTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PeekTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeekTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Offset:
            return QString::number(row.message.offset);
        case Timestamp:
            return row.timestamp;
        case Key:
            return row.key;
        case Value:
            return row.value;
        case Size:
            return row.size;
        case Headers:
            return row.message.headers.size();
        }
    } else if (role == Qt::FontRole && row.message.offset == m_anchor) {
        // The message the user asked about stands out among its neighbours.
        QFont font;
        font.setBold(true);
        return font;
    } else if (role == Qt::TextAlignmentRole &&
               (index.column() == Offset || index.column() == Size || index.column() == Headers)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole && index.column() == Offset && row.message.offset == m_anchor) {
        return tr("The offset you asked about");
    }
    return {};
}

QVariant PeekTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Offset:
        return tr("Offset");
    case Timestamp:
        return tr("Timestamp");
    case Key:
        return tr("Key");
    case Value:
        return tr("Value");
    case Size:
        return tr("Size");
    case Headers:
        return tr("Headers");
    }
    return {};
}

} // namespace OffsetLens
