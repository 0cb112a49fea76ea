#include "tableprinter.h"

#include <algorithm>

namespace OffsetLens {

TablePrinter::TablePrinter(QList<Column> columns)
    : m_columns(std::move(columns))
{}

void TablePrinter::addRow(QStringList cells)
{
    Q_ASSERT(cells.size() == m_columns.size());
    cells.resize(m_columns.size());
    m_rows.append(std::move(cells));
}

QString TablePrinter::toText() const
{
    const auto cellText = [](const QString &cell) {
        return cell.isEmpty() ? QStringLiteral("-") : cell;
    };
    QList<qsizetype> widths;
    for (const Column &c : m_columns)
        widths.append(std::max<qsizetype>(c.minWidth, c.header.size()));
    for (const QStringList &row : m_rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], cellText(row[i]).size());
    }
    const auto line = [&](const QStringList &cells) -> QString {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            // The last column is not padded, so lines carry no trailing blanks.
            if (i + 1 < cells.size()) {
                out += cells[i].leftJustified(widths[i]);
                out += QLatin1Char(' ');
            } else {
                out += cells[i];
            }
        }
        return out + QLatin1Char('\n');
    };
    QStringList headers;
    for (const Column &c : m_columns)
        headers.append(c.header);
    QString out = line(headers);
    for (const QStringList &row : m_rows) {
        QStringList cells;
        for (const QString &cell : row)
            cells.append(cellText(cell));
        out += line(cells);
    }
    return out;
}

QString csvEscape(const QString &cell)
{
    static const QString special = QStringLiteral(",\"\r\n");
    const bool needsQuotes = std::any_of(cell.cbegin(), cell.cend(), [](QChar c) { return special.contains(c); });
    if (!needsQuotes)
        return cell;
    QString quoted = cell;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString TablePrinter::toCsv() const
{
    const auto line = [](const QStringList &cells) -> QString {
        QStringList escaped;
        for (const QString &c : cells)
            escaped.append(csvEscape(c));
        return escaped.join(QLatin1Char(',')) + QLatin1Char('\n');
    };
    QStringList headers;
    for (const Column &c : m_columns)
        headers.append(c.header);
    QString out = line(headers);
    for (const QStringList &row : m_rows)
        out += line(row);
    return out;
}

} // namespace OffsetLens
