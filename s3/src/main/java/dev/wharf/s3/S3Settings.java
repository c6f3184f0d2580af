package dev.wharf.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Where and how to reach the object store.
 *
 * @param endpoint               an S3-compatible service's URL ({@code http://127.0.0.1:9000}); empty for AWS itself
 * @param region                 the signing region; most S3-compatible services accept any, e.g. {@code us-east-1}
 * @param bucket                 the bucket that holds every user's files
 * @param prefix                 the keys' common start, {@code ""} or ending in {@code /}; user {@code alice}'s
 *                               files are under {@code <prefix>alice/}
 * @param pathStyle              {@code http://host/bucket/key} rather than {@code http://bucket.host/key}:
 *                               what most self-hosted services need
 * @param folderRenameMaxObjects 0: renaming a folder is refused; n: a folder of at most n objects is renamed
 *                               by copying each, then deleting each (not atomic)
 * @param credentials            the SDK's default chain (environment, profile, container, instance) unless
 *                               static keys are given
 */
public record S3Settings(Optional<URI> endpoint, String region, String bucket, String prefix, boolean pathStyle,
                         int folderRenameMaxObjects, AwsCredentialsProvider credentials) {
    public S3Settings {
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(region);
        Objects.requireNonNull(credentials);
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("an S3 bucket is needed");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("an S3 key prefix does not start with '/': " + prefix);
        }
        if (folderRenameMaxObjects < 0) {
            throw new IllegalArgumentException("folderRenameMaxObjects must be 0 or more: " + folderRenameMaxObjects);
        }
    }

    /** AWS itself in {@code us-east-1}, keys from the SDK's default chain, folders not renamed. */
    public static S3Settings of(String bucket) {
        return new S3Settings(Optional.empty(), "us-east-1", bucket, "", false, 0, DefaultCredentialsProvider.builder().build());
    }

    public S3Settings withEndpoint(URI otherEndpoint, boolean otherPathStyle) {
        return new S3Settings(Optional.of(otherEndpoint), region, bucket, prefix, otherPathStyle, folderRenameMaxObjects, credentials);
    }

    public S3Settings withRegion(String otherRegion) {
        return new S3Settings(endpoint, otherRegion, bucket, prefix, pathStyle, folderRenameMaxObjects, credentials);
    }

    public S3Settings withPrefix(String otherPrefix) {
        return new S3Settings(endpoint, region, bucket, otherPrefix, pathStyle, folderRenameMaxObjects, credentials);
    }

    public S3Settings withFolderRename(int maxObjects) {
        return new S3Settings(endpoint, region, bucket, prefix, pathStyle, maxObjects, credentials);
    }

    public S3Settings withCredentials(AwsCredentialsProvider otherCredentials) {
        return new S3Settings(endpoint, region, bucket, prefix, pathStyle, folderRenameMaxObjects, otherCredentials);
    }
}
