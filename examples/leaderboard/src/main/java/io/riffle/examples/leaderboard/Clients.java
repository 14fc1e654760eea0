package io.riffle.examples.leaderboard;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The AWS SDK clients, all pointed at one endpoint (Riffle serves Kinesis and DynamoDB on the same port). Region
 * and credentials come from the usual AWS settings (environment, profile); without any, a local Riffle (which checks
 * no signature on loopback) gets throwaway ones.
 */
public final class Clients {
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    public Clients(URI endpoint) {
        this.endpoint = endpoint;
        this.region = Region.of(System.getenv().getOrDefault("AWS_REGION",
                System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1")));
        this.credentials = hasCredentials() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private static boolean hasCredentials() {
        return System.getenv("AWS_ACCESS_KEY_ID") != null || System.getenv("AWS_PROFILE") != null;
    }

    public KinesisClient kinesis() {
        return KinesisClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials).build();
    }

    KinesisAsyncClient kinesisAsync() {
        return KinesisAsyncClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .build();
    }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials).build();
    }

    DynamoDbAsyncClient dynamoDbAsync() {
        return DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .build();
    }

    CloudWatchAsyncClient cloudWatchAsync() {
        return CloudWatchAsyncClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .build();
    }
}
