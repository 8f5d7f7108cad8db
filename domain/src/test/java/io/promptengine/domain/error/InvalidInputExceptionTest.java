package io.promptengine.domain.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

    @Test
    void givenFieldName_required_usesTheWordingOfThePublicApi() {
        InvalidInputException e = InvalidInputException.required("text");

        assertThat(e).hasMessage("Field 'text' is required");
        assertThat(e.field()).contains("text");
        assertThat(e.kind().code()).isEqualTo("validation_error");
    }

    @Test
    void givenNoField_field_isEmpty() {
        assertThat(new InvalidInputException("body is not an object").field()).isEmpty();
    }

    @Test
    void givenExpectedOutcome_exception_carriesNoStackTrace() {
        assertThat(new NotFoundException("gone").getStackTrace()).isEmpty();
        assertThat(new UpstreamException("502").kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(new DeadlineExceededException("late").kind().code()).isEqualTo("timeout");
    }
}
