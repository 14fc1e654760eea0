package io.riffle.cli.iam;

import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.iam.IamAsyncClient;

/**
 * {@code riffle iam ...}: thin calls of the IAM API of a Riffle server (or AWS), signed like every
 * client command; each prints IAM's answer as JSON, so a script reads it as it reads the AWS CLI's.
 */
@Command(name = "iam", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Manage users, access keys and policies through the IAM API (calls need the root keys, or a"
                + " user allowed iam:<Action>).",
        subcommands = {IamCommand.CreateUser.class, IamCommand.DeleteUser.class, IamCommand.ListUsers.class,
            IamCommand.CreateAccessKey.class, IamCommand.DeleteAccessKey.class, IamCommand.PutUserPolicy.class,
            IamCommand.DeleteUserPolicy.class, IamCommand.CreatePolicy.class, IamCommand.AttachUserPolicy.class})
public final class IamCommand implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name an iam command");
    }

    /** One IAM call: its answer printed as JSON. */
    abstract static class IamCall extends KinesisCommand {
        @Override
        protected final int run() throws Exception {
            try (IamAsyncClient iam = clientOptions().iamClient()) {
                SdkPojo answer = call(iam).join();
                printJson(SdkJson.tree(answer));
            }
            return 0;
        }

        abstract CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) throws IOException;
    }

    /** A policy document given inline or as {@code file://PATH}, as the AWS CLI takes it. */
    static String document(String value) throws IOException {
        return value.startsWith("file://") ? Files.readString(Path.of(value.substring("file://".length()))) : value;
    }

    @Command(name = "create-user", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class CreateUser extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.createUser(r -> r.userName(user));
        }
    }

    @Command(name = "delete-user", mixinStandardHelpOptions = true,
            description = "Delete a user (its keys and policies first).")
    static final class DeleteUser extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.deleteUser(r -> r.userName(user));
        }
    }

    @Command(name = "list-users", mixinStandardHelpOptions = true, description = "List the users.")
    static final class ListUsers extends IamCall {
        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.listUsers();
        }
    }

    @Command(name = "create-access-key", mixinStandardHelpOptions = true,
            description = "Create an access key for a user; its secret is shown only now.")
    static final class CreateAccessKey extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.createAccessKey(r -> r.userName(user));
        }
    }

    @Command(name = "delete-access-key", mixinStandardHelpOptions = true, description = "Delete a user's access key.")
    static final class DeleteAccessKey extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "ACCESS_KEY_ID") String keyId;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.deleteAccessKey(r -> r.userName(user).accessKeyId(keyId));
        }
    }

    @Command(name = "put-user-policy", mixinStandardHelpOptions = true,
            description = "Set a user's inline policy (JSON, or file://PATH).")
    static final class PutUserPolicy extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "POLICY_NAME") String name;
        @Parameters(index = "2", paramLabel = "DOCUMENT") String document;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) throws IOException {
            String text = document(document);
            return iam.putUserPolicy(r -> r.userName(user).policyName(name).policyDocument(text));
        }
    }

    @Command(name = "delete-user-policy", mixinStandardHelpOptions = true, description = "Delete a user's inline policy.")
    static final class DeleteUserPolicy extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "POLICY_NAME") String name;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.deleteUserPolicy(r -> r.userName(user).policyName(name));
        }
    }

    @Command(name = "create-policy", mixinStandardHelpOptions = true,
            description = "Create a managed policy (JSON, or file://PATH).")
    static final class CreatePolicy extends IamCall {
        @Parameters(index = "0", paramLabel = "POLICY_NAME") String name;
        @Parameters(index = "1", paramLabel = "DOCUMENT") String document;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) throws IOException {
            String text = document(document);
            return iam.createPolicy(r -> r.policyName(name).policyDocument(text));
        }
    }

    @Command(name = "attach-user-policy", mixinStandardHelpOptions = true,
            description = "Attach a managed policy to a user.")
    static final class AttachUserPolicy extends IamCall {
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "POLICY_ARN") String arn;

        @Override
        CompletableFuture<? extends SdkPojo> call(IamAsyncClient iam) {
            return iam.attachUserPolicy(r -> r.userName(user).policyArn(arn));
        }
    }
}
