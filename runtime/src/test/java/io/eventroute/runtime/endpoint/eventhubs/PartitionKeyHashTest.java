package io.eventroute.runtime.endpoint.eventhubs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.messaging.eventhubs.ServicePartitionHash;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionKeyHashTest {
    @Test
    void eachKeyGetsThePartitionTheSdksResolverGives() {
        Random random = new Random(12);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_:/éü€漢";
        int[] counts = {1, 2, 3, 4, 7, 10, 16, 32, 100};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder key = new StringBuilder();
            int length = n < 40 ? n : random.nextInt(60);
            for (int i = 0; i < length; i++) {
                key.append(alphabet.charAt(random.nextInt(n % 3 == 0 ? alphabet.length() : 38)));
            }
            int count = counts[n % counts.length];
            String[] ids = new String[count];
            for (int i = 0; i < count; i++) {
                ids[i] = Integer.toString(i);
            }
            assertEquals(ServicePartitionHash.partitionOf(key.toString(), ids),
                    ids[PartitionKeyHash.partitionIndex(key.toString(), count)], "key '" + key + "' of " + count);
        }
    }
}
