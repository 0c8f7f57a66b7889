package org.jmojo.benchmarks.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.benchmarks.codec.generated.Attribute;
import org.jmojo.benchmarks.codec.generated.Blob;
import org.jmojo.benchmarks.codec.generated.Kind;
import org.jmojo.benchmarks.codec.generated.Order;
import org.jmojo.benchmarks.codec.generated.Payload;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.IntList;

/** The one order both codecs encode: the same values in the generated Mojom type and in {@link ProtoOrder}. */
final class CodecData {

    static final long ID = 0x1234_5678_9ABCL;
    static final String CUSTOMER = "Ada Lovelace, Analytical Engines Ltd.";
    static final double TOTAL = 1234.5;
    static final List<String> TAGS = List.of("priority", "fragile", "gift", "international", "insured");
    static final int[] QUANTITIES = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, -1, 1_000_000, 42, 7};
    static final List<String[]> ATTRIBUTES = List.of(
            new String[] {"colour", "midnight blue"},
            new String[] {"size", "XL"},
            new String[] {"material", "merino wool"},
            new String[] {"origin", "Montevideo"});
    static final Map<String, Long> COUNTERS = counters();
    static final String PAYLOAD_TEXT = "Please leave the parcel with the neighbour at number 12.";

    static final long BLOB_ID = 77L;
    static final String BLOB_NAME = "thumbnail.raw";
    /** The byte-heavy message's payload: 64 KiB of fixed pseudo-random bytes. */
    static final byte[] BLOB_DATA = blobData();

    private CodecData() {}

    private static byte[] blobData() {
        byte[] data = new byte[64 * 1024];
        new java.util.Random(64).nextBytes(data);
        return data;
    }

    static ProtoBlob protoBlob() {
        ProtoBlob p = new ProtoBlob();
        p.id = BLOB_ID;
        p.name = BLOB_NAME;
        p.data = BLOB_DATA.clone();
        return p;
    }

    private static Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("attempts", 3L);
        m.put("scans", 17L);
        m.put("returns", 0L);
        m.put("weight_grams", 2_750L);
        return m;
    }

    static Order mojom() {
        List<Attribute> attributes = new ArrayList<>();
        for (String[] a : ATTRIBUTES) {
            attributes.add(Attribute.newBuilder().setKey(a[0]).setValue(a[1]).build());
        }
        return Order.newBuilder().setId(ID).setCustomer(CUSTOMER).setKind(Kind.GAMMA).setTotal(TOTAL)
                .setTags(TAGS).setQuantities(IntList.of(QUANTITIES)).setAttributes(attributes)
                .setCounters(COUNTERS).setPayload(new Payload.Text(PAYLOAD_TEXT)).setUrgent(true).build();
    }

    static Blob mojomBlob() {
        return Blob.newBuilder().setId(BLOB_ID).setName(BLOB_NAME).setData(Bytes.copyOf(BLOB_DATA)).build();
    }

    static ProtoOrder proto() {
        ProtoOrder p = new ProtoOrder();
        p.id = ID;
        p.customer = CUSTOMER;
        p.kind = Kind.GAMMA.value();
        p.total = TOTAL;
        p.tags = new ArrayList<>(TAGS);
        p.quantities = QUANTITIES.clone();
        p.attributes = new ArrayList<>(ATTRIBUTES);
        p.counters = new LinkedHashMap<>(COUNTERS);
        p.payloadCase = 9;
        p.payload = PAYLOAD_TEXT;
        p.urgent = true;
        return p;
    }
}
