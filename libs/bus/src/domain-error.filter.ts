import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { toDomainError, type WireError } from '@lxcbus/contracts';

/** Every exception leaves a handler as `{code,message}`; unexpected ones are logged once, here at the edge. */
@Catch()
export class DomainErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('DomainErrorFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<WireError> {
    const err = toDomainError(exception);
    if (err.code === 'INTERNAL') this.logger.error({ err: exception }, err.message);
    return throwError(() => err.toWire());
  }
}
