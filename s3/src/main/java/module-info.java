/**
 * Optional storage backend: each user's files as objects in an S3-compatible bucket. The AWS SDK's
 * jars are automatic modules (they name themselves in their manifests).
 */
module dev.wharf.s3 {
    requires transitive dev.wharf.server;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http.urlconnection;
    requires org.slf4j;

    exports dev.wharf.s3;
}
