// EntityReferences answers: paged for GET, the complete list after a change (VCD returns the new set).
import { jsonResponse, pagedCollection, type HttpResponse, type RouteContext } from '../../http';
import { reference, type EntityReference } from './representations';

export function pagedReferences(ctx: RouteContext, entities: ReadonlyArray<{ readonly name: string; readonly id: string }>): HttpResponse {
  return pagedCollection(ctx, entities.map(reference), {
    model: 'EntityReferences',
    toJson: (ref: EntityReference) => ref,
    fields: { id: (ref) => ref.id, name: (ref) => ref.name },
  });
}

export function allReferences(ctx: RouteContext, entities: ReadonlyArray<{ readonly name: string; readonly id: string }>): HttpResponse {
  const values = entities.map(reference);
  return jsonResponse(200, { resultTotal: values.length, pageCount: 1, page: 1, pageSize: values.length, associations: [], values }, {}, ctx.apiVersion);
}
