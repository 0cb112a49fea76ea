#pragma once

#include <QStringView>

namespace OffsetLens {

// Whether librdkafka 2.0.2 knows `name` as a property a config file can set: one rd_kafka_conf_set() takes as a
// string. The callback, pointer and internal ones (error_cb, opaque, ssl_key...) are not: librdkafka refuses them
// from a file. Topic properties may carry kcat's "topic." prefix. Names are case-sensitive, as in librdkafka.
// models/ cannot ask librdkafka itself, so the list is kept here; it was checked against rd_kafka_conf_set().
bool isLibrdkafkaProperty(QStringView name);

} // namespace OffsetLens
