// Kafka transactions v1 against v2 (KIP-890: no AddPartitionsToTxn / AddOffsetsToTxn round trips,
// an epoch bump per commit) on the local broker, with the Java client (it speaks both; kafkajs
// speaks v1 only): small back-to-back transactions shaped like the risk engine's live batches
// (records to 3 partitions, offsets of 3 input partitions, commit), 5 ms apart. Rounds alternate
// the cluster's finalized transaction.version (A B B A…), which is restored at the end. Prints
// Markdown: broker CPU per transaction (/proc of the broker process), client CPU, latency.
// Run: bash test/bench/kafka-transaction-version.sh [rounds] [transactions]
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

public class TransactionVersion {
  static final String FEATURE = "transaction.version";
  static final String GROUP = "vigil-bench-txv";

  static long brokerCpuMs(String pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ = 100
  }

  static long clientCpuMs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
  }

  static short finalized(Admin admin) throws Exception {
    FinalizedVersionRange range =
        admin.describeFeatures().featureMetadata().get().finalizedFeatures().get(FEATURE);
    return range == null ? 0 : range.maxVersionLevel();
  }

  static void setVersion(Admin admin, short version) throws Exception {
    if (finalized(admin) == version) return;
    FeatureUpdate.UpgradeType type =
        version < finalized(admin) ? FeatureUpdate.UpgradeType.SAFE_DOWNGRADE : FeatureUpdate.UpgradeType.UPGRADE;
    admin.updateFeatures(Map.of(FEATURE, new FeatureUpdate(version, type)), new UpdateFeaturesOptions()).all().get();
    while (finalized(admin) != version) Thread.sleep(100);
  }

  record Round(int version, double brokerMs, double clientMs, double p50, double p99) {}

  static Round round(String brokers, String topic, String pid, short version, int n) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", brokers);
    p.put("transactional.id", "vigil-bench-txv-" + UUID.randomUUID());
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("linger.ms", "0");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      long[] latency = new long[n];
      long broker0 = 0, client0 = 0;
      for (int i = -200; i < n; i++) { // 200 unmeasured: the client's and broker's JIT
        if (i == 0) {
          broker0 = brokerCpuMs(pid);
          client0 = clientCpuMs();
        }
        long start = System.nanoTime();
        producer.beginTransaction();
        for (int k = 0; k < 3; k++) producer.send(new ProducerRecord<>(topic, k, "k" + k, "v" + i));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int k = 0; k < 3; k++)
          offsets.put(new TopicPartition(topic + "-in", k), new OffsetAndMetadata(i + 201));
        producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(GROUP));
        producer.commitTransaction();
        if (i >= 0) latency[i] = System.nanoTime() - start;
        Thread.sleep(5);
      }
      double brokerMs = (brokerCpuMs(pid) - broker0) / (double) n;
      double clientMs = (clientCpuMs() - client0) / (double) n;
      Arrays.sort(latency);
      return new Round(version, brokerMs, clientMs, latency[n / 2] / 1e6, latency[n * 99 / 100] / 1e6);
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    String brokers = Optional.ofNullable(System.getenv("KAFKA_BROKERS")).orElse("127.0.0.1:9092");
    String pid = System.getenv("BROKER_PID");
    String topic = "vigil-bench-txv-" + System.currentTimeMillis();
    Properties ap = new Properties();
    ap.put("bootstrap.servers", brokers);
    List<Round> results = new ArrayList<>();
    try (Admin admin = Admin.create(ap)) {
      short original = finalized(admin);
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(topic + "-in", 3, (short) 1))).all().get();
      try {
        for (int r = 0; r < rounds; r++) {
          short version = (short) ((r % 4 == 0 || r % 4 == 3) ? 1 : 2); // A B B A
          setVersion(admin, version);
          results.add(round(brokers, topic, pid, version, n));
        }
      } finally {
        setVersion(admin, original);
        admin.deleteTopics(List.of(topic, topic + "-in")).all().get();
        // A measured round committed offsets for this group: leave no group behind.
        if (!results.isEmpty()) admin.deleteConsumerGroups(List.of(GROUP)).all().get();
      }
    }
    System.out.println("| round | transaction.version | broker CPU ms / transaction | client CPU ms / transaction | p50 ms | p99 ms |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int r = 0; r < results.size(); r++) {
      Round x = results.get(r);
      System.out.printf("| %d | %d | %.2f | %.2f | %.1f | %.1f |%n", r + 1, x.version(), x.brokerMs(), x.clientMs(), x.p50(), x.p99());
    }
  }
}
