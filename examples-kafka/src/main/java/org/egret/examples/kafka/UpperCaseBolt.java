package org.egret.examples.kafka;

import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * Upper-cases a Kafka record's value and keeps its key. Takes the fields of storm-kafka-client's
 * default record translator ({@code key}, {@code value}); anchored and acked by BaseBasicBolt.
 */
public final class UpperCaseBolt extends BaseBasicBolt {
    public static final String KEY = "key";
    public static final String VALUE = "value";

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String value = input.getStringByField(VALUE);
        collector.emit(new Values(input.getStringByField(KEY), value == null ? null : value.toUpperCase()));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields(KEY, VALUE));
    }
}
