package com.azure.messaging.eventhubs;

/**
 * The partition Event Hubs picks for a partition key, by the SDK's own copy of the service's hash
 * ({@code PartitionResolver}, package-private, hence this test-only class in the SDK's package), so
 * tests can check that a twin lands where the service would put it. Stateless.
 */
public final class ServicePartitionHash {
    private ServicePartitionHash() {
    }

    /** The id, among {@code partitionIds} in the service's order, of the partition of {@code partitionKey}. */
    public static String partitionOf(String partitionKey, String... partitionIds) {
        return new PartitionResolver().assignForPartitionKey(partitionKey, partitionIds);
    }
}
