#include "bootstrapaddress.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ConnectionProbe", text);
}

bool isHostNameCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' ||
           c == u'_';
}

// Inside brackets: hex digits, colons, an embedded IPv4 address, and a zone after '%' ("fe80::1%eth0").
bool isIpv6Character(QChar c)
{
    return isHostNameCharacter(c) || c == u':' || c == u'%';
}

// Parses one trimmed, non-empty entry; returns the reason it is wrong, or "" with `endpoint` filled in.
QString parseEntry(const QString &entry, BootstrapEndpoint *endpoint)
{
    QString rest = entry;
    if (const qsizetype scheme = rest.indexOf(QLatin1String("://")); scheme >= 0) {
        static const QStringList protocols{QStringLiteral("plaintext"), QStringLiteral("ssl"),
                                           QStringLiteral("sasl_plaintext"), QStringLiteral("sasl_ssl")};
        const QString protocol = rest.left(scheme);
        if (!protocols.contains(protocol.toLower()))
            return tr("unknown protocol '%1' (expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)").arg(protocol);
        rest = rest.mid(scheme + 3);
    }

    QString host;
    QString portText;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return tr("the IPv6 address lacks its closing ']'");
        host = rest.mid(1, close - 1);
        const QString after = rest.mid(close + 1);
        if (!after.startsWith(QLatin1Char(':')))
            return tr("no port: expected [ADDRESS]:PORT");
        portText = after.mid(1);
        if (host.isEmpty() || !host.contains(QLatin1Char(':')) ||
            !std::all_of(host.cbegin(), host.cend(), isIpv6Character))
            return tr("'%1' is not an IPv6 address").arg(host);
    } else {
        const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return tr("no port: expected HOST:PORT");
        host = rest.left(colon);
        portText = rest.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return tr("an IPv6 address needs brackets, e.g. [::1]:9092");
        if (host.isEmpty())
            return tr("no host before the port");
        if (!std::all_of(host.cbegin(), host.cend(), isHostNameCharacter) || host.startsWith(QLatin1Char('.')) ||
            host.startsWith(QLatin1Char('-')))
            return tr("'%1' is not a valid host name").arg(host);
    }

    bool ok = false;
    const int port = portText.toInt(&ok);
    // toInt() takes a sign and surrounding blanks; a port is digits only.
    const bool digitsOnly = !portText.isEmpty() && std::all_of(portText.cbegin(), portText.cend(),
                                                               [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!ok || !digitsOnly || port < 1 || port > 65535)
        return tr("'%1' is not a port (1-65535)").arg(portText);
    endpoint->entry = entry;
    endpoint->host = host;
    endpoint->port = static_cast<quint16>(port);
    return {};
}

} // namespace

QString BootstrapEndpoint::hostPort() const
{
    const QString shownHost = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return shownHost + QLatin1Char(':') + QString::number(port);
}

BootstrapList parseBootstrapServers(const QString &servers)
{
    BootstrapList list;
    if (servers.trimmed().isEmpty()) {
        list.error = tr("no bootstrap servers given (expected HOST:PORT[,HOST:PORT...])");
        return list;
    }
    const QStringList entries = servers.split(QLatin1Char(','), Qt::KeepEmptyParts);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString entry = entries.at(i).trimmed();
        // With one entry its position says nothing; with several it saves counting commas.
        const QString where =
            entries.size() == 1 ? QStringLiteral("'%1'").arg(entry) : tr("entry %1 ('%2')").arg(i + 1).arg(entry);
        if (entry.isEmpty()) {
            list.error = tr("entry %1 of '%2' is empty (two commas in a row, or one at the end?)")
                             .arg(i + 1)
                             .arg(servers.trimmed());
            break;
        }
        if (entry.contains(QLatin1Char(' ')) || entry.contains(QLatin1Char('\t'))) {
            list.error = tr("%1 contains a blank; separate servers with commas").arg(where);
            break;
        }
        BootstrapEndpoint endpoint;
        const QString problem = parseEntry(entry, &endpoint);
        if (!problem.isEmpty()) {
            list.error = QStringLiteral("%1: %2").arg(where, problem);
            break;
        }
        const bool duplicate = std::any_of(list.endpoints.cbegin(), list.endpoints.cend(), [&](const auto &known) {
            return known.host.compare(endpoint.host, Qt::CaseInsensitive) == 0 && known.port == endpoint.port;
        });
        if (!duplicate)
            list.endpoints.append(endpoint);
    }
    if (!list.isValid())
        list.endpoints.clear();
    return list;
}

} // namespace OffsetLens
